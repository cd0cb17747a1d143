// Messages that did not reach someone, whatever sent them: inquiry, survey and ballot notices, reminders,
// email answers as well as broadcasts — failed (a refusal, or a bounce that came back later) or skipped at
// send time (a reminder no longer needed). For the secretariat's deliveries listing.
import type { DbOrTx } from "../../storage/database.ts";

export interface FailedDelivery {
  at: Date;
  /** what sent it: broadcast, reminder, inquiry, survey, ballot-open, email-answer, … */
  kind: string;
  state: "failed" | "skipped";
  person: string;
  body: string;
  platform: string;
  reason: string;
}

export async function recentFailedDeliveries(db: DbOrTx, councilId: string, since: Date, take = 50): Promise<FailedDelivery[]> {
  // Deliveries carry no council; people do (group deliveries without a person are the organ's groups).
  const rows = await db.delivery.findMany({
    where: { state: { in: ["failed", "skipped"] }, createdAt: { gte: since }, personId: { not: null } },
    orderBy: { createdAt: "desc" },
    take: take * 4,
  });
  const people = new Map(
    (await db.person.findMany({ where: { id: { in: rows.map((r) => r.personId!) }, councilId } })).map((p) => [p.id, p.displayName]),
  );
  const bodies = new Map((await db.body.findMany({ where: { id: { in: rows.map((r) => r.bodyId ?? "") } } })).map((b) => [b.id, b.name]));
  return rows
    .filter((r) => people.has(r.personId!))
    .slice(0, take)
    .map((r) => ({
      at: r.createdAt,
      kind: r.source.slice(0, r.source.indexOf(":") < 0 ? undefined : r.source.indexOf(":")),
      state: r.state as "failed" | "skipped",
      person: people.get(r.personId!) ?? "—",
      body: bodies.get(r.bodyId ?? "") ?? "—",
      platform: r.platform,
      reason: r.lastError ?? "",
    }));
}

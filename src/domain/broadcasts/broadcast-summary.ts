// A broadcast's delivery summary for its sender: how many were sent, are still queued, or failed and why.
import { findInSlices } from "../../storage/chunked.ts";
import type { DbOrTx } from "../../storage/database.ts";

export interface DeliverySummary {
  broadcastId: string;
  state: string;
  sendAt: Date;
  text: string;
  counts: { queued: number; sending: number; sent: number; failed: number };
  failures: Array<{ person: string; body: string; platform: string; reason: string }>;
  finished: boolean;
}

export async function broadcastSummary(db: DbOrTx, broadcastId: string): Promise<DeliverySummary> {
  const broadcast = await db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } });
  const deliveries = await db.delivery.findMany({ where: { broadcastId } });
  const counts = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const d of deliveries) counts[d.state as keyof typeof counts] += 1;
  const failed = deliveries.filter((d) => d.state === "failed");
  const people = new Map(
    (
      await findInSlices(
        failed.map((d) => d.personId ?? ""),
        (ids) => db.person.findMany({ where: { id: { in: ids } } }),
      )
    ).map((p) => [p.id, p.displayName]),
  );
  const bodies = new Map(
    (
      await findInSlices(
        failed.map((d) => d.bodyId ?? ""),
        (ids) => db.body.findMany({ where: { id: { in: ids } } }),
      )
    ).map((b) => [b.id, b.name]),
  );
  return {
    broadcastId,
    state: broadcast.state,
    sendAt: broadcast.sendAt,
    text: broadcast.text,
    counts,
    failures: failed.map((d) => ({
      person: people.get(d.personId ?? "") ?? "—",
      body: bodies.get(d.bodyId ?? "") ?? "—",
      platform: d.platform,
      reason: d.lastError ?? "",
    })),
    finished: broadcast.state === "dispatched" && counts.queued + counts.sending === 0,
  };
}

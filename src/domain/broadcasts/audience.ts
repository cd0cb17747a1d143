// Who a broadcast goes to: all member bodies, the seats of an organ, listed bodies, or the bodies that
// have not yet answered something with a deadline. Resolved to the people who speak for each body.
import { z } from "zod";
import type { Db } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import { bodyContacts, seatContacts } from "../reminders/contacts.ts";
import type { PendingParty, TrackerRegistry } from "../reminders/response-tracker.ts";
import { findInSlices } from "../../storage/chunked.ts";

export const audienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }),
  z.object({ kind: z.literal("organ"), organId: z.string() }),
  z.object({ kind: z.literal("bodies"), bodyIds: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal("pending"), deadlineId: z.string() }),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const channelSchema = z.enum(["dm", "group"]);
export type BroadcastChannel = z.infer<typeof channelSchema>;

export interface ResolvedAudience {
  /** a short description for previews: 全団体 (56団体) / 幹事会 / 照会3 未回答 */
  label: { key: string; vars: Record<string, unknown> };
  parties: PendingParty[];
  /** organ whose linked group conversations may receive it */
  organId?: string;
}

export async function resolveAudience(
  db: Db,
  councilId: string,
  audience: Audience,
  trackers: TrackerRegistry,
  now: Date,
): Promise<ResolvedAudience> {
  switch (audience.kind) {
    case "all": {
      const bodies = await db.body.findMany({ where: { councilId, active: true }, select: { id: true } });
      const contacts = await bodyContacts(
        db,
        bodies.map((b) => b.id),
      );
      return { label: { key: "broadcasts.audience.all", vars: { count: bodies.length } }, parties: [...contacts.values()] };
    }
    case "bodies": {
      const bodies = await findInSlices(audience.bodyIds, (ids) =>
        db.body.findMany({ where: { councilId, id: { in: ids } }, select: { id: true } }),
      );
      const contacts = await bodyContacts(
        db,
        bodies.map((b) => b.id),
      );
      return { label: { key: "broadcasts.audience.bodies", vars: { count: bodies.length } }, parties: [...contacts.values()] };
    }
    case "organ": {
      const organ = await db.organ.findFirst({ where: { id: audience.organId, councilId } });
      if (!organ) throw new DomainError("organs.notFound", { query: audience.organId });
      const seats = await db.seat.findMany({ where: { organId: organ.id }, select: { id: true } });
      const contacts = await seatContacts(
        db,
        seats.map((s) => s.id),
        now,
      );
      return {
        label: { key: "broadcasts.audience.organ", vars: { name: organ.name, count: seats.length } },
        parties: [...contacts.values()],
        organId: organ.id,
      };
    }
    case "pending": {
      const deadline = await db.deadline.findFirst({ where: { id: audience.deadlineId, councilId } });
      const tracker = deadline ? trackers.get(deadline.subjectType) : undefined;
      if (!deadline || !tracker) throw new DomainError("broadcasts.unknownDeadline", {});
      const parties = await tracker.pending(db, deadline.subjectId, now);
      return { label: { key: "broadcasts.audience.pending", vars: { title: deadline.title, count: parties.length } }, parties };
    }
  }
}

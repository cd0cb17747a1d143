// The secretariat confirms a broadcast: it is recorded and its sending is scheduled — now, or at the
// chosen time, moved into office hours unless marked urgent. Nothing goes out before this step.
import type { Db } from "../../storage/database.ts";
import { enqueueJob } from "../../jobs/job-store.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import { audienceSchema, channelSchema, type Audience, type BroadcastChannel } from "./audience.ts";

export const SEND_BROADCAST_JOB = "broadcast.send";
export const MAX_BROADCAST_LENGTH = 2000;

export interface BroadcastInput {
  councilId: string;
  createdById: string;
  audience: Audience;
  channels: BroadcastChannel[];
  text: string;
  /** when to send; undefined means now */
  at?: Date;
  /** send outside office hours too */
  urgent?: boolean;
}

/** When a broadcast requested for `at` would actually go out. */
export async function effectiveSendTime(db: Db, councilId: string, at: Date, urgent: boolean): Promise<Date> {
  if (urgent) return at;
  const council = await db.council.findUniqueOrThrow({ where: { id: councilId } });
  return nextOfficeMoment(council, at);
}

export async function createBroadcast(db: Db, input: BroadcastInput, now: Date) {
  const text = input.text.trim();
  if (text.length === 0) throw new DomainError("broadcasts.emptyText", {});
  if (text.length > MAX_BROADCAST_LENGTH) throw new DomainError("broadcasts.tooLong", { max: MAX_BROADCAST_LENGTH, length: text.length });
  const audience = audienceSchema.parse(input.audience);
  const channels = input.channels.map((c) => channelSchema.parse(c));
  if (channels.length === 0) throw new DomainError("broadcasts.noChannel", {});
  const requested = input.at && input.at > now ? input.at : now;
  const sendAt = await effectiveSendTime(db, input.councilId, requested, Boolean(input.urgent));
  return db.$transaction(async (tx) => {
    const broadcast = await tx.broadcast.create({
      data: {
        councilId: input.councilId,
        createdById: input.createdById,
        audience: JSON.stringify(audience),
        channels: JSON.stringify(channels),
        text,
        sendAt,
        state: "scheduled",
      },
    });
    await enqueueJob(tx, {
      kind: SEND_BROADCAST_JOB,
      key: `broadcast:${broadcast.id}:send`,
      payload: { broadcastId: broadcast.id },
      dueAt: sendAt,
    });
    await appendAuditEntry(tx, {
      actor: `person:${input.createdById}`,
      action: "broadcasts.create",
      subject: `broadcast:${broadcast.id}`,
      payload: { audience, channels, sendAt: sendAt.toISOString(), urgent: Boolean(input.urgent), length: text.length },
      at: now,
    });
    return broadcast;
  });
}

export async function cancelBroadcast(db: Db, broadcastId: string, actorId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.broadcast.updateMany({ where: { id: broadcastId, state: "scheduled" }, data: { state: "cancelled" } });
    if (count === 0) return false;
    await tx.job.updateMany({
      where: { key: `broadcast:${broadcastId}:send`, state: "pending" },
      data: { state: "cancelled", finishedAt: now },
    });
    await appendAuditEntry(tx, { actor: `person:${actorId}`, action: "broadcasts.cancel", subject: `broadcast:${broadcastId}`, at: now });
    return true;
  });
}

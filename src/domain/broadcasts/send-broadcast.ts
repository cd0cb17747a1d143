// Runs when a broadcast's time comes: re-resolves the audience (a body that answered meanwhile is no
// longer "pending"), and queues one delivery per recipient conversation in the outbox. Safe to run
// twice: deliveries are unique per broadcast and target.
import { z } from "zod";
import { readJsonColumn } from "../../lib/json-column.ts";
import { translator } from "../../engine/i18n.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { queueGroupMessage, queueMessages } from "../delivery/queue-messages.ts";
import type { TrackerRegistry } from "../reminders/response-tracker.ts";
import { audienceSchema, channelSchema } from "./audience.ts";
import { planBroadcast } from "./plan-broadcast.ts";

export function broadcastMessage(locale: "ja" | "en", text: string, sender: string): OutboundMessage {
  const t = translator(locale);
  return {
    text: `${t("broadcasts.header")}\n${text}`,
    blocks: [
      { type: "header", text: t("broadcasts.header") },
      { type: "text", text },
      { type: "context", text: t("broadcasts.from", { sender }) },
    ],
  };
}

export async function sendBroadcast(db: Db, trackers: TrackerRegistry, broadcastId: string, now: Date) {
  const broadcast = await db.broadcast.findUnique({ where: { id: broadcastId } });
  if (!broadcast || broadcast.state === "cancelled") return { sent: false as const, reason: "cancelled" };
  const sender = await db.person.findUniqueOrThrow({ where: { id: broadcast.createdById } });
  const audience = readJsonColumn(audienceSchema, broadcast.audience, `Broadcast ${broadcast.id}.audience`);
  const channels = readJsonColumn(z.array(channelSchema), broadcast.channels, `Broadcast ${broadcast.id}.channels`);
  const plan = await planBroadcast(db, broadcast.councilId, audience, channels, trackers, now);
  const source = `broadcast:${broadcast.id}`;
  const bodyOf = new Map(plan.recipients.map((r) => [r.personId, r.bodyId]));
  const queued = await queueMessages(db, {
    source,
    broadcastId: broadcast.id,
    personIds: plan.recipients.map((r) => r.personId),
    bodyOf,
    render: (locale) => broadcastMessage(locale, broadcast.text, sender.displayName),
    notBefore: now,
  });
  for (const group of plan.groups) {
    await queueGroupMessage(db, {
      source,
      broadcastId: broadcast.id,
      platform: group.platform,
      target: group.target,
      message: broadcastMessage("ja", broadcast.text, sender.displayName),
      notBefore: now,
    });
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.broadcast.updateMany({ where: { id: broadcast.id, state: "scheduled" }, data: { state: "dispatched" } });
    if (count === 1) {
      await appendAuditEntry(tx, {
        actor: "system:scheduler",
        action: "broadcasts.dispatch",
        subject: source,
        payload: { recipients: plan.recipients.length, unreachable: plan.unreachable.length, groups: plan.groups.length },
        at: now,
      });
    }
  });
  return { sent: true as const, queued: queued.queued + plan.groups.length, unreachable: plan.unreachable.length };
}

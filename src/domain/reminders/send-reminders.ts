// One reminder of a deadline: re-checks who still has not answered at the moment it runs, and queues a
// message to their usual contacts — from the third reminder on, to all staff of the body as well.
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import { translator } from "../../engine/i18n.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import type { Db } from "../../storage/database.ts";
import { formatInstant } from "../calendar/zoned-time.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import { nextOfficeMoment } from "./office-hours.ts";
import type { TrackerRegistry } from "./response-tracker.ts";

/** From this reminder on (0-based), all staff of a body are reminded, not only its usual contacts. */
export const ESCALATE_FROM_INDEX = 2;

export type ReminderOutcome = { sent: true; bodies: number; queued: number; unreachable: number } | { sent: false; reason: string };

export async function sendReminder(
  db: Db,
  trackers: TrackerRegistry,
  /** source: the outbox source when not the planned reminder's own (a reminder sent now from the web console) */
  input: { deadlineId: string; offset: number; index: number; source?: string },
  now: Date,
): Promise<ReminderOutcome> {
  const deadline = await db.deadline.findUnique({ where: { id: input.deadlineId } });
  if (!deadline || deadline.cancelledAt) return { sent: false, reason: "deadline cancelled" };
  const tracker = trackers.get(deadline.subjectType);
  if (!tracker) return { sent: false, reason: `no tracker for ${deadline.subjectType}` };
  const subject = await tracker.describe(db, deadline.subjectId);
  if (!subject || !subject.open) return { sent: false, reason: "closed" };
  if (now >= subject.dueAt) return { sent: false, reason: "deadline passed" };
  const pending = await tracker.pending(db, deadline.subjectId, now);
  if (pending.length === 0) return { sent: false, reason: "everyone has answered" };

  const escalate = input.index >= ESCALATE_FROM_INDEX;
  const bodyOf = new Map<string, string>();
  for (const party of pending) {
    for (const id of escalate ? [...party.usualContactIds, ...party.allStaffIds] : party.usualContactIds)
      if (!bodyOf.has(id)) bodyOf.set(id, party.bodyId);
  }
  const council = await db.council.findUniqueOrThrow({ where: { id: deadline.councilId } });
  const answer = await tracker.answerCommand(db, deadline.subjectId);
  const bodyNames = new Map(pending.map((p) => [p.bodyId, p.bodyName]));
  const render = (locale: "ja" | "en", personId: string): OutboundMessage => {
    const t = translator(locale);
    const vars = {
      title: subject.title,
      due: formatInstant(subject.dueAt, council.timezone, locale),
      body: bodyNames.get(bodyOf.get(personId) ?? "") ?? "",
    };
    const text = t(input.offset === 0 ? "reminders.messageToday" : "reminders.message", { ...vars, days: input.offset });
    return {
      text,
      blocks: [
        { type: "header", text: t("reminders.header") },
        { type: "text", text },
        { type: "choices", actionId: COMMAND_ACTION, choices: [{ label: t("reminders.answerNow"), value: answer, style: "primary" }] },
      ],
    };
  };
  const result = await queueMessages(db, {
    source: input.source ?? `reminder:${deadline.id}:${input.offset}`,
    personIds: [...bodyOf.keys()],
    bodyOf,
    render,
    notBefore: nextOfficeMoment(council, now),
  });
  return { sent: true, bodies: pending.length, queued: result.queued, unreachable: result.unreachable.length };
}

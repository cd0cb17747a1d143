// When a survey opens, the usual contacts of every addressed body are told, in their language, with a
// button that starts answering. Runs as a scheduled job at the opening time; the outbox's unique key
// per source and recipient keeps a retried job from telling anyone twice.
import { z } from "zod";
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import { translator } from "../../engine/i18n.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import { defineJob, type JobDefinition } from "../../jobs/job-definition.ts";
import type { Db } from "../../storage/database.ts";
import { formatInstant } from "../calendar/zoned-time.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import { bodyContacts } from "../reminders/contacts.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import { SURVEY_OPEN_JOB } from "./create-survey.ts";
import { questionsOf, surveyState } from "./find-survey.ts";
import { pick } from "./survey-types.ts";

export const openPayload = z.object({ surveyId: z.string() });

export async function announceSurvey(db: Db, surveyId: string, now: Date): Promise<{ sent: boolean; reason?: string; queued?: number }> {
  const survey = await db.survey.findUnique({ where: { id: surveyId }, include: { targets: true } });
  if (!survey) return { sent: false, reason: "survey deleted" };
  if (surveyState(survey, now) !== "open") return { sent: false, reason: "not open" };
  const council = await db.council.findUniqueOrThrow({ where: { id: survey.councilId } });
  const contacts = await bodyContacts(
    db,
    survey.targets.map((t) => t.bodyId),
  );
  const bodyOf = new Map<string, string>();
  for (const party of contacts.values()) for (const id of party.usualContactIds) if (!bodyOf.has(id)) bodyOf.set(id, party.bodyId);
  const questions = questionsOf(survey).length;
  const render = (locale: "ja" | "en", personId: string): OutboundMessage => {
    const t = translator(locale);
    const text = t("surveys.announce.text", {
      body: contacts.get(bodyOf.get(personId) ?? "")?.bodyName ?? "",
      title: pick(survey.title, survey.titleEn ?? undefined, locale),
      number: survey.number,
      due: formatInstant(survey.dueAt, council.timezone, locale),
      questions,
    });
    return {
      text,
      blocks: [
        { type: "header", text: t("surveys.announce.header") },
        { type: "text", text },
        {
          type: "choices",
          actionId: COMMAND_ACTION,
          choices: [{ label: t("surveys.announce.answer"), value: `survey ${survey.number}`, style: "primary" }],
        },
      ],
    };
  };
  const result = await queueMessages(db, {
    source: `survey:${survey.id}:open`,
    personIds: [...bodyOf.keys()],
    bodyOf,
    render,
    notBefore: nextOfficeMoment(council, now),
  });
  return { sent: true, queued: result.queued };
}

export function surveyJobs(): JobDefinition<unknown>[] {
  return [
    defineJob({
      kind: SURVEY_OPEN_JOB,
      payload: openPayload,
      async run(ctx, payload) {
        const outcome = await announceSurvey(ctx.db, payload.surveyId, ctx.now);
        return outcome.sent ? { status: "done", note: `queued=${outcome.queued}` } : { status: "skipped", reason: outcome.reason ?? "" };
      },
    }),
  ];
}

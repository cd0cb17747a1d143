// The surveys part of a person's home: open surveys their body has not answered yet, with the
// deadline and the command that answers it; for the secretariat, each open survey's progress. No
// buttons here: the home ends with its own menu, and the console numbers only the last list shown.
import { allowed } from "../engine/context.ts";
import type { Block } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { listSurveys, surveyState } from "../domain/surveys/find-survey.ts";
import { pick } from "../domain/surveys/survey-types.ts";
import type { HomeSection } from "./home-sections.ts";
import { staffBodyIds } from "./staff-bodies.ts";
import { findInSlices } from "../storage/chunked.ts";
import { councilZone } from "./surveys-answer-flow.ts";

export const surveyHomeSection: HomeSection = async (ctx) => {
  const actor = ctx.actor!;
  const zone = await councilZone(ctx);
  const secretariat = allowed("secretariat", actor);
  const surveys = (await listSurveys(ctx.db, actor.councilId, { personId: actor.personId, all: secretariat, now: ctx.now })).filter(
    (s) => surveyState(s, ctx.now) === "open",
  );
  if (surveys.length === 0) return [];
  const bodyIds = await staffBodyIds(ctx);
  // Who answered, for every open survey at once rather than one query per survey (issue #15); a member needs only
  // their own bodies' answers, the secretariat everyone's for the progress line.
  const submissions = await findInSlices(
    surveys.map((s) => s.id),
    (ids) =>
      ctx.db.surveySubmission.findMany({
        where: { surveyId: { in: ids }, current: true, ...(secretariat ? {} : { bodyId: { in: bodyIds } }) },
        select: { surveyId: true, bodyId: true },
      }),
  );
  const answeredBy = new Map<string, Set<string>>();
  for (const { surveyId, bodyId } of submissions) answeredBy.set(surveyId, (answeredBy.get(surveyId) ?? new Set()).add(bodyId));
  const todo: string[] = [];
  const progress: string[] = [];
  for (const survey of surveys) {
    const title = surveyTitle({ number: survey.number, title: pick(survey.title, survey.titleEn ?? undefined, ctx.locale) }, ctx.locale);
    const mine = survey.targets.filter((t) => bodyIds.includes(t.bodyId)).map((t) => t.bodyId);
    const answeredBodies = answeredBy.get(survey.id) ?? new Set<string>();
    if (mine.some((id) => !answeredBodies.has(id))) {
      todo.push(ctx.t("surveys.home.todo", { title, due: formatInstant(survey.dueAt, zone, ctx.locale), number: survey.number }));
    }
    if (secretariat) progress.push(ctx.t("surveys.home.progress", { title, done: answeredBodies.size, total: survey.targets.length }));
  }
  const blocks: Block[] = [];
  if (todo.length > 0) blocks.push({ type: "text", text: `${ctx.t("surveys.home.todoTitle")}\n${todo.join("\n")}` });
  if (progress.length > 0) blocks.push({ type: "text", text: `${ctx.t("surveys.home.progressTitle")}\n${progress.join("\n")}` });
  if (blocks.length > 0) blocks.push({ type: "divider" });
  return blocks;
};

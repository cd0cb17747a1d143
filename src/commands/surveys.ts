// `/kyodo survey` (回答, 調査, answer): the surveys addressed to the person's body with its status, and
// `survey <n>` to answer. The secretariat also has `survey <n> status|results|table`, `survey <n>
// extend <date>` (also reopens a closed survey), `survey <n> close` and `survey new`.
import type { Context } from "../engine/context.ts";
import { COMMAND_ACTION, type CommandDefinition, type CommandResult } from "../engine/definitions.ts";
import { allowed, permits } from "../engine/context.ts";
import { textMessage, type Block, type Choice, type OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { closeSurvey, setSurveyDeadline } from "../domain/surveys/change-deadline.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { findSurvey, listSurveys, parseSurveyNumber, surveyState } from "../domain/surveys/find-survey.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { END_OF_DAY } from "../domain/surveys/normalize-definition.ts";
import { bodyAnswersOf, surveyStatus } from "../domain/surveys/survey-status.ts";
import { pick } from "../domain/surveys/survey-types.ts";
import { tallySurvey } from "../domain/surveys/tally.ts";
import { nameKey } from "../lib/japanese/normalize.ts";
import { councilZone } from "./surveys-answer-flow.ts";
import { ANSWER_FLOW } from "./surveys-question.ts";
import { renderMatrix, renderResults, renderStatus } from "./surveys-results.ts";
import { NEW_SURVEY_FLOW } from "./surveys-new-flow.ts";

const SUBCOMMANDS: Record<string, string[]> = {
  status: ["status", "progress", "状況", "進捗", "回答状況"],
  results: ["results", "result", "結果", "集計"],
  table: ["table", "matrix", "一覧", "表"],
  extend: ["extend", "reopen", "延長", "再開", "期限"],
  close: ["close", "締切", "締め切り", "締め切る", "終了"],
};
const NEW_WORDS = ["new", "create", "作成", "新規"];

function subcommand(word: string | undefined): string | undefined {
  if (!word) return undefined;
  const key = nameKey(word);
  return Object.keys(SUBCOMMANDS).find((name) => SUBCOMMANDS[name]!.some((w) => nameKey(w) === key));
}

const isSecretariat = (ctx: Context) => allowed("secretariat", ctx.actor);

/** The surveys for the person's bodies: what is open, whether their body has answered and who did. */
async function listMessage(ctx: Context): Promise<OutboundMessage[]> {
  const zone = await councilZone(ctx);
  const secretariat = isSecretariat(ctx);
  const surveys = await listSurveys(ctx.db, ctx.actor!.councilId, { personId: ctx.actor!.personId, all: secretariat, now: ctx.now });
  if (surveys.length === 0) return [textMessage(ctx.t("surveys.list.none"))];
  const memberships = await ctx.db.staffMembership.findMany({
    where: { personId: ctx.actor!.personId, endedAt: null },
    include: { body: true },
  });
  const heading = ctx.t("surveys.list.title");
  const blocks: Block[] = [{ type: "header", text: heading }];
  const choices: Choice[] = [];
  for (const survey of surveys) {
    const title = surveyTitle({ number: survey.number, title: pick(survey.title, survey.titleEn ?? undefined, ctx.locale) }, ctx.locale);
    const state = surveyState(survey, ctx.now);
    const lines = [
      ctx.t("surveys.list.item", { title, due: formatInstant(survey.dueAt, zone, ctx.locale), state: ctx.t(`surveys.state.${state}`) }),
    ];
    const targeted = new Set(survey.targets.map((t) => t.bodyId));
    const mine = memberships.filter((m) => targeted.has(m.bodyId));
    for (const m of mine) {
      const current = await ctx.db.surveySubmission.findFirst({ where: { surveyId: survey.id, bodyId: m.bodyId, current: true } });
      const by = current ? await ctx.db.person.findUnique({ where: { id: current.personId } }) : null;
      lines.push(
        current
          ? ctx.t("surveys.list.answered", {
              body: m.body.name,
              person: by?.displayName ?? "?",
              at: formatInstant(current.submittedAt, zone, ctx.locale),
              code: current.receiptCode,
            })
          : ctx.t("surveys.list.notAnswered", { body: m.body.name }),
      );
    }
    if (secretariat) {
      const answered = await ctx.db.surveySubmission.count({ where: { surveyId: survey.id, current: true } });
      lines.push(ctx.t("surveys.list.progress", { done: answered, total: survey.targets.length }));
      choices.push({ label: ctx.t("surveys.list.statusButton", { number: survey.number }), value: `survey ${survey.number} status` });
    }
    blocks.push({ type: "text", text: lines.join("\n") });
    if (mine.length > 0 && state === "open")
      choices.unshift({
        label: ctx.t("surveys.list.answerButton", { number: survey.number }),
        value: `survey ${survey.number}`,
        style: "primary",
      });
  }
  if (choices.length > 0) blocks.push({ type: "choices", actionId: COMMAND_ACTION, choices });
  return [{ text: heading, blocks }];
}

async function secretariatCommand(ctx: Context, number: string, sub: string, rest: string[]): Promise<OutboundMessage[]> {
  if (!permits(ctx.actor, "survey.manage")) return [textMessage(ctx.t("errors.forbidden"))];
  const survey = await findSurvey(ctx.db, ctx.actor!.councilId, number);
  const zone = await councilZone(ctx);
  const actor = `person:${ctx.actor!.personId}`;
  switch (sub) {
    case "status":
      return [renderStatus(ctx, await surveyStatus(ctx.db, survey.id), zone)];
    case "results": {
      const status = await surveyStatus(ctx.db, survey.id);
      return [renderResults(ctx, status, tallySurvey(status.questions, bodyAnswersOf(status)))];
    }
    case "table":
      return [renderMatrix(ctx, await surveyStatus(ctx.db, survey.id))];
    case "extend": {
      const dueAt = rest.length > 0 ? parseDateTime(rest.join(" "), zone, END_OF_DAY) : undefined;
      if (!dueAt) return [textMessage(ctx.t("surveys.extend.usage", { number: survey.number }))];
      const { reopened } = await setSurveyDeadline(ctx.db, { surveyId: survey.id, dueAt, actor }, ctx.now, zone);
      return [
        textMessage(
          ctx.t(reopened ? "surveys.extend.reopened" : "surveys.extend.extended", {
            title: surveyTitle(survey),
            due: formatInstant(dueAt, zone, ctx.locale),
          }),
        ),
      ];
    }
    default: {
      await closeSurvey(ctx.db, { surveyId: survey.id, actor }, ctx.now);
      return [textMessage(ctx.t("surveys.closedNow", { title: surveyTitle(survey) }))];
    }
  }
}

export const surveyCommand: CommandDefinition = {
  name: "survey",
  aliases: ["surveys", "回答", "調査", "answer", "アンケート", "参加意向調査"],
  access: "member",
  async run(ctx, args): Promise<CommandResult> {
    const [first, second, ...rest] = args;
    if (!first) return listMessage(ctx);
    if (NEW_WORDS.some((w) => nameKey(w) === nameKey(first))) {
      if (!permits(ctx.actor, "survey.create")) return [textMessage(ctx.t("errors.forbidden"))];
      return { startFlow: NEW_SURVEY_FLOW, args: [] };
    }
    if (parseSurveyNumber(first) === undefined) return [textMessage(ctx.t("surveys.usage"))];
    const sub = subcommand(second);
    if (sub) return secretariatCommand(ctx, first, sub, rest);
    // `survey 1` answers; `survey 1 千葉市` answers for that body (for people who work for several).
    return { startFlow: ANSWER_FLOW, args: [first, ...(second ? [second, ...rest] : [])] };
  },
};

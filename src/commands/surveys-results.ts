// What the secretariat sees in chat: live progress (answered / not yet, and who is missing), results
// per question, and the body × question table. Numbers come from domain/surveys/tally.ts, the same
// code the exports use.
import type { Context } from "../engine/context.ts";
import type { Block, OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { surveyState } from "../domain/surveys/find-survey.ts";
import { formatAnswer } from "../domain/surveys/format-answer.ts";
import { kindOf } from "../domain/surveys/kinds/index.ts";
import type { SurveyStatus } from "../domain/surveys/survey-status.ts";
import { pick, questionNumber, questionText } from "../domain/surveys/survey-types.ts";
import type { QuestionTally } from "../domain/surveys/tally.ts";

function title(ctx: Context, status: SurveyStatus): string {
  return surveyTitle(
    { number: status.survey.number, title: pick(status.survey.title, status.survey.titleEn ?? undefined, ctx.locale) },
    ctx.locale,
  );
}

export function renderStatus(ctx: Context, status: SurveyStatus, zone: string): OutboundMessage {
  const heading = ctx.t("surveys.status.title", { title: title(ctx, status) });
  const state = surveyState(status.survey, ctx.now);
  const sep = ctx.locale === "ja" ? "、" : ", ";
  const summary = ctx.t("surveys.status.count", { done: status.answered.length, total: status.total });
  const latest = [...status.answered]
    .sort((a, b) => b.submission!.submittedAt.getTime() - a.submission!.submittedAt.getTime())
    .slice(0, 10);
  const blocks: Block[] = [
    { type: "header", text: heading },
    { type: "progress", label: ctx.t("surveys.status.answered"), done: status.answered.length, total: status.total },
    {
      type: "fields",
      fields: [
        { label: ctx.t("surveys.fields.state"), value: ctx.t(`surveys.state.${state}`) },
        { label: ctx.t("surveys.fields.due"), value: formatInstant(status.survey.dueAt, zone, ctx.locale) },
      ],
    },
    {
      type: "text",
      text:
        status.pending.length === 0
          ? ctx.t("surveys.status.allAnswered")
          : ctx.t("surveys.status.pending", { count: status.pending.length, bodies: status.pending.map((b) => b.name).join(sep) }),
    },
  ];
  if (latest.length > 0) {
    blocks.push({
      type: "table",
      caption: ctx.t("surveys.status.latest"),
      columns: [ctx.t("surveys.fields.body"), ctx.t("surveys.fields.person"), ctx.t("surveys.fields.at"), ctx.t("surveys.fields.receipt")],
      rows: latest.map((r) => [
        r.body.name,
        r.submission!.personName,
        formatInstant(r.submission!.submittedAt, zone, ctx.locale),
        r.submission!.receiptCode,
      ]),
    });
  }
  return { text: `${heading} ${summary}`, blocks };
}

function tallyBlocks(ctx: Context, status: SurveyStatus, tally: QuestionTally): Block[] {
  const q = tally.question;
  const n = questionNumber(status.questions, q.id);
  const head: Block = {
    type: "text",
    text: ctx.t("surveys.results.question", { number: n, text: questionText(q, ctx.locale), answered: tally.answered }),
  };
  return [head, ...kindOf(q).tallyBlocks(tally, ctx)];
}

export function renderResults(ctx: Context, status: SurveyStatus, tallies: QuestionTally[]): OutboundMessage {
  const heading = ctx.t("surveys.results.title", { title: title(ctx, status) });
  const blocks: Block[] = [
    { type: "header", text: heading },
    { type: "context", text: ctx.t("surveys.status.count", { done: status.answered.length, total: status.total }) },
  ];
  for (const tally of tallies) blocks.push({ type: "divider" }, ...tallyBlocks(ctx, status, tally));
  return { text: heading, blocks };
}

/** Body × question: every addressed body, its answer to each question (blank when not answered). */
export function renderMatrix(ctx: Context, status: SurveyStatus): OutboundMessage {
  const heading = ctx.t("surveys.matrix.title", { title: title(ctx, status) });
  const columns = [
    ctx.t("surveys.fields.body"),
    ...status.questions.map((q) => ctx.t("surveys.flow.qLabel", { number: questionNumber(status.questions, q.id) })),
  ];
  const rows = status.rows.map((r) => [
    r.body.name,
    ...status.questions.map((q) => (r.submission ? formatAnswer(q, r.submission.answers[q.id], ctx.locale) : "—")),
  ]);
  const legend = status.questions
    .map(
      (q) =>
        `${ctx.t("surveys.flow.qLabel", { number: questionNumber(status.questions, q.id) })} ${q.short ?? questionText(q, ctx.locale)}`,
    )
    .join(" / ");
  return {
    text: heading,
    blocks: [
      { type: "header", text: heading },
      { type: "context", text: legend },
      { type: "table", columns, rows },
    ],
  };
}

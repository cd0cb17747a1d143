// What the secretariat sees in chat: live progress (answered / not yet, and who is missing), results
// per question, and the body × question table. Numbers come from domain/surveys/tally.ts, the same
// code the exports use.
import type { Context } from "../engine/context.ts";
import type { Block, OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { surveyState } from "../domain/surveys/find-survey.ts";
import { formatAnswer, formatDate } from "../domain/surveys/format-answer.ts";
import type { SurveyStatus } from "../domain/surveys/survey-status.ts";
import { optionLabel, pick, questionNumber, questionText } from "../domain/surveys/survey-types.ts";
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
  const count = ctx.t("surveys.results.bodies");
  const share = ctx.t("surveys.results.percent");
  switch (tally.type) {
    case "choice":
      return [
        head,
        {
          type: "table",
          columns: [ctx.t("surveys.results.option"), count, share],
          rows: tally.counts.map((c) => [optionLabel(c.option, ctx.locale), String(c.count), `${c.percent}%`]),
        },
      ];
    case "number": {
      const unit = q.kind === "number" ? pick(q.unit ?? "", q.unitEn, ctx.locale) : "";
      const fmt = (v: string | number | undefined) =>
        v === undefined ? "—" : `${v}${unit ? (ctx.locale === "ja" ? unit : ` ${unit}`) : ""}`;
      return [
        head,
        {
          type: "fields",
          fields: [
            { label: ctx.t("surveys.results.sum"), value: fmt(tally.sum) },
            { label: ctx.t("surveys.results.average"), value: fmt(tally.average) },
            { label: ctx.t("surveys.results.min"), value: fmt(tally.min) },
            { label: ctx.t("surveys.results.max"), value: fmt(tally.max) },
          ],
        },
      ];
    }
    case "date":
      return [
        head,
        {
          type: "table",
          columns: [ctx.t("surveys.results.date"), count],
          rows: tally.counts.map((c) => [formatDate(c.date, ctx.locale), String(c.count)]),
        },
      ];
    case "text":
      return [
        head,
        tally.entries.length === 0
          ? { type: "context", text: ctx.t("common.none") }
          : {
              type: "table",
              columns: [ctx.t("surveys.fields.body"), ctx.t("surveys.results.answer")],
              rows: tally.entries.map((e) => [e.bodyName, e.text]),
            },
      ];
    case "ranking": {
      const rankColumns = tally.ranked[0]?.byRank.map((_, i) => ctx.t("surveys.results.rankN", { rank: i + 1 })) ?? [];
      const blocks: Block[] = [
        head,
        {
          type: "table",
          columns: [ctx.t("surveys.results.place"), ctx.t("surveys.results.option"), ctx.t("surveys.results.points"), ...rankColumns],
          rows: tally.ranked.map((r) => [String(r.place), optionLabel(r.option, ctx.locale), String(r.points), ...r.byRank.map(String)]),
        },
        {
          type: "context",
          text: ctx.t("surveys.results.pointsRule", {
            points:
              q.kind === "ranking"
                ? q.points
                    .map((p, i) => ctx.t("surveys.results.rankPoints", { rank: i + 1, points: p }))
                    .join(ctx.locale === "ja" ? "、" : ", ")
                : "",
          }),
        },
      ];
      for (const group of tally.ties)
        blocks.push({
          type: "text",
          text: ctx.t("surveys.results.tie", {
            options: group.map((r) => optionLabel(r.option, ctx.locale)).join(ctx.locale === "ja" ? "・" : ", "),
            points: group[0]!.points,
            place: group[0]!.place,
          }),
        });
      return blocks;
    }
    case "matrix":
      return [
        head,
        {
          type: "table",
          columns: [ctx.t("surveys.results.row"), ctx.t("surveys.results.option"), count, share],
          rows: tally.rows.flatMap((r) =>
            r.counts.map((c) => [optionLabel(r.row, ctx.locale), optionLabel(c.option, ctx.locale), String(c.count), `${c.percent}%`]),
          ),
        },
      ];
  }
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

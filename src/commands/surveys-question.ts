// How the answering conversation looks: one question at a time with its buttons (numbered on the
// console, quick replies on LINE, buttons on Slack), the summary before confirming, the list of answers
// to change, and the receipt. Only rendering: what the buttons mean is decided in domain/surveys.
import type { Context } from "../engine/context.ts";
import { FLOW_ACTION_PREFIX } from "../engine/definitions.ts";
import type { Block, Choice, OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { applicableQuestions, isAnswered } from "../domain/surveys/answer-rules.ts";
import { questionChoices, type ChoiceSpec } from "../domain/surveys/apply-input.ts";
import { formatAnswer } from "../domain/surveys/format-answer.ts";
import { kindOf } from "../domain/surveys/kinds/index.ts";
import type { Position } from "../domain/surveys/navigation.ts";
import { optionLabel, pick, questionNumber, questionText, type Answers, type Question } from "../domain/surveys/survey-types.ts";

export const ANSWER_FLOW = "survey-answer";
export const ANSWER_ACTION = `${FLOW_ACTION_PREFIX}${ANSWER_FLOW}`;

/** Summary and edit-list buttons (question buttons are made in domain/surveys/apply-input.ts). */
export const SUMMARY_ACTIONS = { confirm: "s|confirm", edit: "s|edit", back: "s|back", summary: "s|summary" } as const;
export const editAction = (id: string) => `e|${id}`;

function choiceLabel(ctx: Context, question: Question, spec: ChoiceSpec): Choice {
  if ("nav" in spec) {
    const label = ctx.t(`surveys.flow.nav.${spec.nav}`);
    return { label, value: spec.action, ...(spec.nav === "done" ? { style: "primary" as const } : {}) };
  }
  const text = optionLabel(spec.option, ctx.locale);
  if (kindOf(question).ticks) return { label: `${spec.checked ? "☑" : "☐"} ${text}`, value: spec.action };
  return { label: spec.current ? ctx.t("surveys.flow.currentChoice", { label: text }) : text, value: spec.action };
}

/** How to answer, under the question: the kind's own hint, else surveys.flow.hint.<kind>. */
function hint(ctx: Context, question: Question, position: Extract<Position, { at: "question" }>): string {
  return kindOf(question).hint?.(question, position, ctx) ?? ctx.t(`surveys.flow.hint.${question.kind}`);
}

export function renderQuestion(
  ctx: Context,
  questions: Question[],
  answers: Answers,
  position: Extract<Position, { at: "question" }>,
): OutboundMessage {
  const question = questions.find((q) => q.id === position.id)!;
  const number = questionNumber(questions, question.id);
  const title = ctx.t(question.required ? "surveys.flow.questionRequired" : "surveys.flow.questionOptional", {
    number,
    total: questions.length,
    text: questionText(question, ctx.locale),
  });
  const blocks: Block[] = [{ type: "text", text: title }];
  const help = question.help ? pick(question.help, question.helpEn, ctx.locale) : undefined;
  if (help) blocks.push({ type: "context", text: help });
  const kind = kindOf(question);
  const progress = kind.progress?.(question, position, answers, ctx);
  if (progress) {
    blocks.push({ type: "context", text: progress });
  } else if (isAnswered(question, answers) && !kind.ticks) {
    blocks.push({
      type: "context",
      text: ctx.t("surveys.flow.currentAnswer", { answer: formatAnswer(question, answers[question.id], ctx.locale) }),
    });
  }
  const specs = questionChoices(question, position, answers);
  const free = specs.length === 0;
  const words = [
    ctx.t("surveys.flow.words.back"),
    ...(isAnswered(question, answers) ? [ctx.t("surveys.flow.words.keep")] : []),
    ...(!question.required ? [ctx.t("surveys.flow.words.skip")] : []),
  ];
  blocks.push({
    type: "context",
    text: free
      ? `${hint(ctx, question, position)} ${ctx.t("surveys.flow.wordsHint", { words: words.join(ctx.locale === "ja" ? "・" : ", ") })}`
      : hint(ctx, question, position),
  });
  if (!free) blocks.push({ type: "choices", actionId: ANSWER_ACTION, choices: specs.map((s) => choiceLabel(ctx, question, s)) });
  return { text: title, blocks };
}

export function renderSummary(ctx: Context, questions: Question[], answers: Answers, bodyName: string): OutboundMessage {
  const title = ctx.t("surveys.flow.summaryTitle");
  const fields = applicableQuestions(questions, answers).map((q) => ({
    // The short heading reads better in a list; the full question was just asked.
    label: `${ctx.t("surveys.flow.qLabel", { number: questionNumber(questions, q.id) })} ${ctx.locale === "ja" && q.short ? q.short : questionText(q, ctx.locale)}`,
    value: isAnswered(q, answers) ? formatAnswer(q, answers[q.id], ctx.locale) : ctx.t("surveys.flow.unanswered"),
  }));
  const ask = ctx.t("surveys.flow.confirmAsk", { body: bodyName });
  return {
    text: `${title}\n${ask}`,
    blocks: [
      { type: "header", text: title },
      { type: "fields", fields },
      { type: "text", text: ask },
      {
        type: "choices",
        actionId: ANSWER_ACTION,
        choices: [
          { label: ctx.t("surveys.flow.confirm"), value: SUMMARY_ACTIONS.confirm, style: "primary" },
          { label: ctx.t("surveys.flow.edit"), value: SUMMARY_ACTIONS.edit },
          { label: ctx.t("surveys.flow.nav.back"), value: SUMMARY_ACTIONS.back },
        ],
      },
    ],
  };
}

/** The questions that can be changed, as buttons; their order is the order typed numbers refer to. */
export function editChoices(ctx: Context, questions: Question[], answers: Answers): Choice[] {
  return [
    ...applicableQuestions(questions, answers).map((q) => {
      const answer = isAnswered(q, answers) ? formatAnswer(q, answers[q.id], ctx.locale) : ctx.t("surveys.flow.unanswered");
      const text = ctx.locale === "ja" && q.short ? q.short : questionText(q, ctx.locale);
      const cut = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n).join("")}…` : s);
      return {
        label: `${ctx.t("surveys.flow.qLabel", { number: questionNumber(questions, q.id) })} ${cut(text, 20)}（${cut(answer, 12)}）`,
        value: editAction(q.id),
      };
    }),
    { label: ctx.t("surveys.flow.backToSummary"), value: SUMMARY_ACTIONS.summary },
  ];
}

export function renderEditList(ctx: Context, questions: Question[], answers: Answers): OutboundMessage {
  const prompt = ctx.t("surveys.flow.editWhich");
  return { text: prompt, blocks: [{ type: "choices", actionId: ANSWER_ACTION, prompt, choices: editChoices(ctx, questions, answers) }] };
}

export interface ReceiptInput {
  title: string;
  bodyName: string;
  personName: string;
  submittedAt: Date;
  receiptCode: string;
  dueAt: Date;
  zone: string;
  previous?: { personName: string; submittedAt: Date; receiptCode: string };
}

export function renderReceipt(ctx: Context, r: ReceiptInput): OutboundMessage {
  const title = ctx.t("surveys.receipt.title");
  const blocks: Block[] = [
    { type: "header", text: title },
    {
      type: "fields",
      fields: [
        { label: ctx.t("surveys.receipt.survey"), value: r.title },
        { label: ctx.t("surveys.receipt.body"), value: r.bodyName },
        { label: ctx.t("surveys.receipt.person"), value: r.personName },
        { label: ctx.t("surveys.receipt.at"), value: formatInstant(r.submittedAt, r.zone, ctx.locale) },
        { label: ctx.t("surveys.receipt.code"), value: r.receiptCode },
      ],
    },
    { type: "text", text: ctx.t("surveys.receipt.note", { due: formatInstant(r.dueAt, r.zone, ctx.locale) }) },
  ];
  if (r.previous)
    blocks.push({
      type: "context",
      text: ctx.t("surveys.receipt.replaces", {
        person: r.previous.personName,
        at: formatInstant(r.previous.submittedAt, r.zone, ctx.locale),
        code: r.previous.receiptCode,
      }),
    });
  return { text: `${title} ${r.receiptCode}`, blocks };
}

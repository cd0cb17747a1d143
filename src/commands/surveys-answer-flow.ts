// `/kyodo 回答 1`: a staff member answers survey 1 for their body, question by question. The position
// and the answers so far are kept in the database (SurveyDraft) after every step, not only in the
// conversation's state: leaving halfway — cancelling, a restart, or coming back a week later on LINE
// after starting on Slack — resumes where they stopped. The engine's flow state only says which
// survey and body this conversation is answering.
import { z } from "zod";
import type { Context } from "../engine/context.ts";
import type { FlowDefinition, FlowInput, FlowStep } from "../engine/definitions.ts";
import { textMessage, type Block, type OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { DomainError } from "../domain/errors.ts";
import { applicableQuestions, unansweredQuestions } from "../domain/surveys/answer-rules.ts";
import { applyQuestionInput } from "../domain/surveys/apply-input.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { answerableBodies, findSurvey, questionsOf, surveyState, type SurveyRow } from "../domain/surveys/find-survey.ts";
import { enter, firstPosition, nextPosition, previousPosition, type Position } from "../domain/surveys/navigation.ts";
import { loadDraft, saveDraft, startingAnswers, type Draft } from "../domain/surveys/prefill.ts";
import { navWord } from "../domain/surveys/read-answer.ts";
import { assertOpen, submitAnswers } from "../domain/surveys/submit-answers.ts";
import { pick, type Answers, type Question } from "../domain/surveys/survey-types.ts";
import { nameKey } from "../lib/japanese/normalize.ts";
import { pageForm, readPageForm } from "./surveys-page-form.ts";
import { estimateShareForBody } from "../domain/money/estimate-share-if-joining.ts";
import { estimateMessage } from "../domain/money/share-message.ts";
import {
  ANSWER_ACTION,
  ANSWER_FLOW,
  editAction,
  editChoices,
  renderEditList,
  renderQuestion,
  renderReceipt,
  renderSummary,
  SUMMARY_ACTIONS,
} from "./surveys-question.ts";
import { councilZone } from "./council-zone.ts";

interface FlowData {
  surveyId: string;
  bodyId?: string;
  bodyName?: string;
  [key: string]: unknown;
}

export { councilZone };

function localTitle(ctx: Context, survey: SurveyRow): string {
  return surveyTitle({ number: survey.number, title: pick(survey.title, survey.titleEn ?? undefined, ctx.locale) }, ctx.locale);
}

function render(ctx: Context, questions: Question[], draft: Draft, bodyName: string): OutboundMessage {
  const { position, answers } = draft;
  if (position.at === "summary") return renderSummary(ctx, questions, answers, bodyName);
  if (position.at === "edit") return renderEditList(ctx, questions, answers);
  return renderQuestion(ctx, questions, answers, position);
}

/** A position that no longer fits the questions (none should, as questions are fixed) starts over at the first gap. */
function validPosition(questions: Question[], draft: Draft): Position {
  const p = draft.position;
  if (p.at !== "question") return p;
  return questions.some((q) => q.id === p.id) ? p : firstPosition(questions, draft.answers);
}

/** Saves the draft and shows where the person is; `offerPage` adds the form for the page from there. */
async function step(
  ctx: Context,
  survey: SurveyRow,
  data: FlowData,
  draft: Draft,
  notes: OutboundMessage[] = [],
  offerPage = false,
): Promise<FlowStep> {
  await saveDraft(ctx.db, survey.id, ctx.actor!.personId, draft);
  const questions = questionsOf(survey);
  const rendered = render(ctx, questions, draft, data.bodyName ?? "");
  const shown = await withCostEstimate(ctx, questions, draft, data, rendered);
  const form = offerPage ? pageForm(ctx, localTitle(ctx, survey), questions, draft.answers, draft.position) : undefined;
  return { replies: [...notes, form ? { ...shown, blocks: [...shown.blocks, form] } : shown], next: { step: "answer", data } };
}

async function begin(ctx: Context, survey: SurveyRow, body: { id: string; name: string }): Promise<FlowStep> {
  const data: FlowData = { surveyId: survey.id, bodyId: body.id, bodyName: body.name };
  const questions = questionsOf(survey);
  const zone = await councilZone(ctx);
  const saved = await loadDraft(ctx.db, survey.id, ctx.actor!.personId);
  const starting = await startingAnswers(ctx.db, survey, body.id);
  const notes: string[] = [];
  if (starting.from === "current")
    notes.push(
      ctx.t("surveys.flow.answeredBy", {
        person: starting.personName,
        at: formatInstant(starting.submittedAt, zone, ctx.locale),
        code: starting.receiptCode,
      }),
    );
  let draft: Draft;
  if (saved && saved.bodyId === body.id) {
    draft = { ...saved, position: validPosition(questions, saved) };
    const done = applicableQuestions(questions, draft.answers).length - unansweredQuestions(questions, draft.answers).length;
    notes.push(ctx.t("surveys.flow.resumed", { done, total: applicableQuestions(questions, draft.answers).length }));
  } else {
    draft = { bodyId: body.id, answers: starting.answers, position: firstPosition(questions, starting.answers) };
    if (starting.from === "current") notes.push(ctx.t("surveys.flow.fromCurrent"));
    if (starting.from === "previous") notes.push(ctx.t("surveys.flow.fromPrevious", { title: localTitle(ctx, starting.survey) }));
  }
  const description = pick(survey.description, survey.descriptionEn ?? undefined, ctx.locale);
  const title = localTitle(ctx, survey);
  const blocks: Block[] = [
    { type: "header", text: title },
    ...(description ? [{ type: "text" as const, text: description }] : []),
    {
      type: "fields",
      fields: [
        { label: ctx.t("surveys.fields.body"), value: body.name },
        { label: ctx.t("surveys.fields.due"), value: formatInstant(survey.dueAt, zone, ctx.locale) },
        { label: ctx.t("surveys.fields.questions"), value: String(questions.length) },
      ],
    },
    ...notes.map((text) => ({ type: "text" as const, text })),
    { type: "context", text: ctx.t("surveys.flow.howTo") },
  ];
  return step(ctx, survey, data, draft, [{ text: title, blocks }], true);
}

async function chooseBody(ctx: Context, survey: SurveyRow, query: string | undefined): Promise<FlowStep> {
  const bodies = await answerableBodies(ctx.db, survey.id, ctx.actor!.personId);
  if (bodies.length === 0) throw new DomainError("surveys.notAddressed", { title: surveyTitle(survey) });
  const matching = query ? bodies.filter((b) => nameKey(b.name).startsWith(nameKey(query)) || b.code === query.normalize("NFKC")) : bodies;
  if (matching.length === 1) return begin(ctx, survey, matching[0]!);
  const prompt = ctx.t("surveys.flow.whichBody");
  return {
    replies: [
      {
        text: prompt,
        blocks: [{ type: "choices", actionId: ANSWER_ACTION, prompt, choices: bodies.map((b) => ({ label: b.name, value: `b|${b.id}` })) }],
      },
    ],
    next: { step: "body", data: { surveyId: survey.id } },
  };
}

async function submit(ctx: Context, survey: SurveyRow, data: FlowData, draft: Draft): Promise<FlowStep> {
  const questions = questionsOf(survey);
  const missing = unansweredQuestions(questions, draft.answers);
  if (missing.length > 0) {
    // Jump to the first gap rather than refuse: the person can fill it in at once.
    return step(ctx, survey, data, { ...draft, position: enter(missing[0]!, draft.answers) }, [
      textMessage(ctx.t("surveys.flow.fillMissing")),
    ]);
  }
  const result = await submitAnswers(
    ctx.db,
    { surveyId: survey.id, personId: ctx.actor!.personId, bodyId: draft.bodyId, answers: draft.answers, via: ctx.ref.platform },
    ctx.now,
  );
  const zone = await councilZone(ctx);
  const receipt = renderReceipt(ctx, {
    title: localTitle(ctx, survey),
    bodyName: result.body.name,
    personName: ctx.actor!.displayName,
    submittedAt: result.submission.submittedAt,
    receiptCode: result.submission.receiptCode,
    dueAt: survey.dueAt,
    zone,
    previous: result.previous,
  });
  return { replies: [receipt] };
}

function summaryWord(input: FlowInput, choices: string[]): string | undefined {
  if (input.kind === "action") return input.value;
  if (input.kind !== "text") return undefined;
  const text = input.text.normalize("NFKC").trim();
  if (/^\d+$/.test(text)) return choices[Number(text) - 1];
  const edit = text.match(/^(?:修正|訂正|変更|edit|change)\s*(?:問|Q)?\s*(\d+)$/i);
  if (edit) return `edit-number|${edit[1]}`;
  if (["はい", "yes", "ok"].includes(text.toLowerCase())) return SUMMARY_ACTIONS.confirm;
  const word = navWord(text);
  if (word === "confirm") return SUMMARY_ACTIONS.confirm;
  if (word === "edit") return SUMMARY_ACTIONS.edit;
  if (word === "back") return SUMMARY_ACTIONS.back;
  return undefined;
}

async function answerStep(ctx: Context, survey: SurveyRow, data: FlowData, draft: Draft, input: FlowInput): Promise<FlowStep> {
  const questions = questionsOf(survey);
  const { position, answers } = draft;
  const again = (key: string, vars?: Record<string, unknown>) => step(ctx, survey, data, draft, [textMessage(ctx.t(key, vars))]);
  const go = (p: Position, a: Answers = answers) => step(ctx, survey, data, { ...draft, answers: a, position: p });

  if (input.kind === "form") {
    // A page answered in one form: problems go back under their fields; answers move on to the next page.
    const page = readPageForm(ctx, localTitle(ctx, survey), questions, answers, input.values);
    if (!page) return again("surveys.flow.notUnderstood");
    if (!page.ok)
      return { replies: [{ text: page.text, blocks: [{ type: "text", text: page.text }, page.form] }], next: { step: "answer", data } };
    return step(
      ctx,
      survey,
      data,
      { ...draft, answers: page.answers, position: nextPosition(questions, page.answers, page.lastId) },
      [],
      true,
    );
  }

  if (position.at === "question") {
    const question = questions.find((q) => q.id === position.id)!;
    const outcome = applyQuestionInput(
      question,
      position,
      answers,
      input.kind === "action" ? { kind: "action", value: input.value } : { kind: "text", text: input.text },
    );
    switch (outcome.type) {
      case "answer": {
        const next = { ...answers, [question.id]: outcome.value };
        // Moving on may reach a page of several questions: forms offer it whole.
        return step(ctx, survey, data, { ...draft, answers: next, position: nextPosition(questions, next, question.id) }, [], true);
      }
      case "partial":
        return go(outcome.position, outcome.answers);
      case "keep":
        return go(nextPosition(questions, answers, question.id));
      case "back": {
        const previous = previousPosition(questions, answers, position);
        return previous ? go(previous) : again("surveys.flow.atFirst");
      }
      case "stale":
        return again("surveys.flow.staleButton");
      case "problem":
        return again(outcome.key, outcome.vars);
    }
  }

  if (position.at === "summary") {
    const word = summaryWord(input, [SUMMARY_ACTIONS.confirm, SUMMARY_ACTIONS.edit, SUMMARY_ACTIONS.back]);
    if (word === SUMMARY_ACTIONS.confirm) return submit(ctx, survey, data, draft);
    if (word === SUMMARY_ACTIONS.edit) return go({ at: "edit" });
    if (word === SUMMARY_ACTIONS.back) return go(previousPosition(questions, answers, position) ?? position);
    if (word?.startsWith("edit-number|")) {
      const q = questions[Number(word.split("|")[1]) - 1];
      if (q && applicableQuestions(questions, answers).includes(q)) return go(enter(q, answers));
    }
    return again("surveys.flow.summaryHelp");
  }

  // The list of answers to change.
  const choices = editChoices(ctx, questions, answers).map((c) => c.value);
  const word = summaryWord(input, choices);
  if (word === SUMMARY_ACTIONS.summary || word === SUMMARY_ACTIONS.back) return go({ at: "summary" });
  const id = word?.startsWith("e|") ? word.slice(2) : undefined;
  const question = questions.find((q) => q.id === id);
  if (question && word === editAction(question.id)) return go(enter(question, answers));
  return again("surveys.flow.editHelp");
}

export const surveyAnswerFlow: FlowDefinition = {
  version: 1,
  // The survey and body a half-finished answer belongs to; other keys (the draft's position) are read by the flow.
  data: z.looseObject({ surveyId: z.string(), bodyId: z.string().optional(), bodyName: z.string().optional() }),
  name: ANSWER_FLOW,
  access: "member",
  async start(ctx, args) {
    const survey = await findSurvey(ctx.db, ctx.actor!.councilId, args[0] ?? "");
    assertOpen(survey, ctx.now);
    return chooseBody(ctx, survey, args.slice(1).join(" ") || undefined);
  },
  async input(ctx, stepName, raw, input) {
    const data = raw as FlowData;
    const survey = await ctx.db.survey.findUnique({ where: { id: data.surveyId } });
    if (!survey) return { replies: [textMessage(ctx.t("errors.staleAction"))] };
    // Checked at every step: the deadline may pass while someone is halfway through.
    if (surveyState(survey, ctx.now) !== "open")
      return {
        replies: [
          textMessage(
            ctx.t(surveyState(survey, ctx.now) === "closed" ? "surveys.closed" : "surveys.notOpenYet", { title: localTitle(ctx, survey) }),
          ),
        ],
      };
    if (stepName === "body") {
      const bodies = await answerableBodies(ctx.db, survey.id, ctx.actor!.personId);
      const text = input.kind === "action" ? input.value : input.kind === "text" ? input.text.normalize("NFKC").trim() : "";
      const chosen = /^\d+$/.test(text)
        ? bodies[Number(text) - 1]
        : bodies.find((b) => `b|${b.id}` === text || nameKey(b.name) === nameKey(text));
      return chosen ? begin(ctx, survey, chosen) : chooseBody(ctx, survey, undefined);
    }
    const draft = await loadDraft(ctx.db, survey.id, ctx.actor!.personId);
    // Confirmed meanwhile (in another conversation): the draft is gone; start again from the command.
    if (!draft || draft.bodyId !== data.bodyId) return { replies: [textMessage(ctx.t("surveys.flow.noDraft", { number: survey.number }))] };
    return answerStep(ctx, survey, data, draft, input);
  },
};

/**
 * Beside a question that names a cost share (the join question), what this body would pay if it joined — the
 * figure the seeds' councils give before they ask. The estimate is advice: if it cannot be computed (the share was
 * removed, statistics are missing) the question is asked without it and the reason is logged.
 */
async function withCostEstimate(
  ctx: Context,
  questions: Question[],
  draft: Draft,
  data: FlowData,
  shown: OutboundMessage,
): Promise<OutboundMessage> {
  const position = draft.position;
  if (position.at !== "question" || !data.bodyId) return shown;
  const question = questions.find((q) => q.id === position.id);
  if (!question?.costEstimate) return shown;
  try {
    const estimate = await estimateShareForBody(ctx.db, {
      councilId: ctx.actor!.councilId,
      shareNumber: question.costEstimate.share,
      bodyId: data.bodyId,
    });
    const advice = estimateMessage(estimate, ctx.locale);
    return {
      ...shown,
      text: `${shown.text}\n${advice.text}`,
      blocks: [...advice.blocks.map((b) => (b.type === "text" ? { type: "context" as const, text: b.text } : b)), ...shown.blocks],
    };
  } catch (error) {
    ctx.logger.warn({ err: error, share: question.costEstimate.share }, "cost estimate for a survey question could not be computed");
    return shown;
  }
}

// `/kyodo survey new`: the secretariat builds a simple survey in chat — a title, a few questions (yes/no,
// one or several choices, number, free text, date), the audience and the deadline — and opens it.
// Conditions, rankings, option matrices, English wording and series belong in a definition file
// (`npm run kyodo -- survey create FILE`); the intro says so.
import { z } from "zod";
import type { Context } from "../engine/context.ts";
import { FLOW_ACTION_PREFIX, type FlowDefinition, type FlowInput, type FlowStep } from "../engine/definitions.ts";
import { textMessage, type Choice, type OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { listOrgans } from "../domain/organs/find-organ.ts";
import { createSurvey } from "../domain/surveys/create-survey.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { kindNames, kindOf, quickKinds } from "../domain/surveys/kinds/index.ts";
import { draftQuestionsSchema } from "../domain/surveys/stored-survey.ts";
import { END_OF_DAY } from "../domain/surveys/normalize-definition.ts";
import type { Audience, Question } from "../domain/surveys/survey-types.ts";
import { nameKey, normalizeInput } from "../lib/japanese/normalize.ts";
import { opensForms } from "./form-platforms.ts";
import { councilZone } from "./surveys-answer-flow.ts";
import { accessFor } from "../domain/access/policy.ts";
import { newSurveyForm, readNewSurveyForm } from "./surveys-new-form.ts";

export const NEW_SURVEY_FLOW = "survey-new";
const ACTION = `${FLOW_ACTION_PREFIX}${NEW_SURVEY_FLOW}`;
const MAX_QUESTIONS = 20;

interface Draft {
  title?: string;
  questions: Question[];
  kind?: string;
  text?: string;
  audience?: Audience;
  organName?: string;
  dueAt?: string;
  [key: string]: unknown;
}

const ask = (text: string, choices?: Choice[]): OutboundMessage =>
  choices ? { text, blocks: [{ type: "choices", actionId: ACTION, prompt: text, choices }] } : textMessage(text);

function valueOf(input: FlowInput): string {
  if (input.kind === "action") return input.value;
  if (input.kind === "text") return input.text.trim();
  return "";
}

/** A typed number picks a choice by position (as on the console); a typed label picks it by name. */
function chosen(input: FlowInput, choices: Choice[]): string | undefined {
  const text = normalizeInput(valueOf(input));
  if (input.kind === "action") return choices.some((c) => c.value === text) ? text : undefined;
  if (/^\d+$/.test(text)) return choices[Number(text) - 1]?.value;
  return choices.find((c) => nameKey(c.label) === nameKey(text) || nameKey(c.value) === nameKey(text))?.value;
}

function kindChoices(ctx: Context, draft: Draft): Choice[] {
  return [
    ...quickKinds().map((k) => ({ label: ctx.t(`surveys.new.kinds.${k.kind}`), value: k.kind })),
    ...(draft.questions.length > 0 ? [{ label: ctx.t("surveys.new.noMore"), value: "done", style: "primary" as const }] : []),
  ];
}

function askKind(ctx: Context, draft: Draft, notes: OutboundMessage[] = []): FlowStep {
  const prompt = ctx.t("surveys.new.askKind", { number: draft.questions.length + 1 });
  return { replies: [...notes, ask(prompt, kindChoices(ctx, draft))], next: { step: "kind", data: draft } };
}

const audienceChoices = (ctx: Context): Choice[] => [
  { label: ctx.t("surveys.new.audienceAll"), value: "all" },
  { label: ctx.t("surveys.new.audienceOrgan"), value: "organ" },
];

function addQuestion(draft: Draft, options?: string[]): Draft {
  const id = `q${draft.questions.length + 1}`;
  const base = { id, text: draft.text!, required: true };
  const opts = (options ?? []).map((label) => ({ value: label, label }));
  const question = kindOf({ kind: draft.kind! }).quick!.build(base, opts);
  return { questions: [...draft.questions, question], title: draft.title };
}

async function summary(ctx: Context, draft: Draft): Promise<FlowStep> {
  const zone = await councilZone(ctx);
  const audience = draft.audience?.kind === "organ" ? (draft.organName ?? draft.audience.organ) : ctx.t("surveys.new.audienceAll");
  const lines = draft.questions.map(
    (q, i) =>
      `${i + 1}. ${q.text}（${ctx.t(`surveys.new.kinds.${q.kind}`)}${"options" in q ? `: ${q.options.map((o) => o.label).join("、")}` : ""}）`,
  );
  const text = ctx.t("surveys.new.summary", {
    title: draft.title,
    audience,
    due: formatInstant(new Date(draft.dueAt!), zone, ctx.locale),
    questions: lines.join("\n"),
  });
  return {
    replies: [
      ask(text, [
        { label: ctx.t("surveys.new.create"), value: "create", style: "primary" },
        { label: ctx.t("surveys.new.discard"), value: "discard" },
      ]),
    ],
    next: { step: "confirm", data: draft },
  };
}

export const surveyNewFlow: FlowDefinition = {
  version: 1,
  data: z.looseObject({
    title: z.string().optional(),
    questions: draftQuestionsSchema,
    kind: z
      .string()
      .refine((kind) => kindNames().includes(kind))
      .optional(),
    text: z.string().optional(),
    audience: z.union([z.object({ kind: z.literal("all") }), z.object({ kind: z.literal("organ"), organ: z.string() })]).optional(),
    organName: z.string().optional(),
    dueAt: z.string().optional(),
  }),
  name: NEW_SURVEY_FLOW,
  access: accessFor("survey.create"),
  async start(ctx) {
    // Slack and Mattermost open the whole survey as one form (surveys-new-form.ts).
    if (opensForms(ctx))
      return {
        replies: [
          { text: ctx.t("forms.survey.intro"), blocks: [{ type: "text", text: ctx.t("forms.survey.intro") }, await newSurveyForm(ctx)] },
        ],
        next: { step: "form", data: { questions: [] } },
      };
    return {
      replies: [textMessage(ctx.t("surveys.new.intro")), textMessage(ctx.t("surveys.new.askTitle"))],
      next: { step: "title", data: { questions: [] } },
    };
  },
  async input(ctx, step, raw, input) {
    const draft = raw as Draft;
    const zone = await councilZone(ctx);
    if (input.kind === "form") {
      const read = await readNewSurveyForm(ctx, input.values, zone);
      if (read.ok) return summary(ctx, read.draft);
      const text = Object.values(read.errors).join("\n");
      return {
        replies: [{ text, blocks: [{ type: "text", text }, await newSurveyForm(ctx, read.errors)] }],
        next: { step: "form", data: draft },
      };
    }
    if (step === "form")
      return { replies: [{ text: ctx.t("forms.survey.intro"), blocks: [await newSurveyForm(ctx)] }], next: { step, data: draft } };
    switch (step) {
      case "title": {
        const title = valueOf(input);
        if (title.length === 0 || title.length > 200)
          return { replies: [textMessage(ctx.t("surveys.new.askTitle"))], next: { step, data: draft } };
        return askKind(ctx, { ...draft, title });
      }
      case "kind": {
        const kind = chosen(input, kindChoices(ctx, draft));
        if (!kind) return askKind(ctx, draft, [textMessage(ctx.t("surveys.new.pickFromList"))]);
        if (kind === "done")
          return { replies: [ask(ctx.t("surveys.new.askAudience"), audienceChoices(ctx))], next: { step: "audience", data: draft } };
        return { replies: [textMessage(ctx.t("surveys.new.askText"))], next: { step: "text", data: { ...draft, kind: kind } } };
      }
      case "text": {
        const text = valueOf(input);
        if (text.length === 0 || text.length > 500)
          return { replies: [textMessage(ctx.t("surveys.new.askText"))], next: { step, data: draft } };
        if (kindOf({ kind: draft.kind! }).quick?.withOptions)
          return { replies: [textMessage(ctx.t("surveys.new.askOptions"))], next: { step: "options", data: { ...draft, text } } };
        const next = addQuestion({ ...draft, text });
        return next.questions.length >= MAX_QUESTIONS
          ? { replies: [ask(ctx.t("surveys.new.askAudience"), audienceChoices(ctx))], next: { step: "audience", data: next } }
          : askKind(ctx, next);
      }
      case "options": {
        const labels = [
          ...new Set(
            normalizeInput(valueOf(input))
              .split(/[,、，\n]+/)
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ];
        if (labels.length < 2 || labels.some((l) => l.length > 100))
          return { replies: [textMessage(ctx.t("surveys.new.askOptions"))], next: { step, data: draft } };
        return askKind(ctx, addQuestion(draft, labels));
      }
      case "audience": {
        const choice = chosen(input, audienceChoices(ctx));
        if (choice === "all")
          return {
            replies: [textMessage(ctx.t("surveys.new.askDue"))],
            next: { step: "due", data: { ...draft, audience: { kind: "all" } } },
          };
        if (choice === "organ") {
          const organs = await listOrgans(ctx.db, ctx.actor!.councilId);
          return {
            replies: [
              ask(
                ctx.t("surveys.new.askOrgan"),
                organs.map((o) => ({ label: o.name, value: o.slug })),
              ),
            ],
            next: { step: "organ", data: draft },
          };
        }
        return { replies: [ask(ctx.t("surveys.new.askAudience"), audienceChoices(ctx))], next: { step, data: draft } };
      }
      case "organ": {
        const organs = await listOrgans(ctx.db, ctx.actor!.councilId);
        const slug = chosen(
          input,
          organs.map((o) => ({ label: o.name, value: o.slug })),
        );
        if (!slug)
          return {
            replies: [
              ask(
                ctx.t("surveys.new.askOrgan"),
                organs.map((o) => ({ label: o.name, value: o.slug })),
              ),
            ],
            next: { step, data: draft },
          };
        return {
          replies: [textMessage(ctx.t("surveys.new.askDue"))],
          next: {
            step: "due",
            data: { ...draft, audience: { kind: "organ", organ: slug }, organName: organs.find((o) => o.slug === slug)?.name },
          },
        };
      }
      case "due": {
        const dueAt = parseDateTime(valueOf(input), zone, END_OF_DAY);
        if (!dueAt || dueAt <= ctx.now)
          return {
            replies: [textMessage(ctx.t("surveys.new.badDue")), textMessage(ctx.t("surveys.new.askDue"))],
            next: { step, data: draft },
          };
        return summary(ctx, { ...draft, dueAt: dueAt.toISOString() });
      }
      default: {
        const choice = chosen(input, [
          { label: ctx.t("surveys.new.create"), value: "create" },
          { label: ctx.t("surveys.new.discard"), value: "discard" },
        ]);
        if (choice === "discard") return { replies: [textMessage(ctx.t("flow.cancelled"))] };
        if (choice !== "create") return summary(ctx, draft);
        const { survey, bodies } = await createSurvey(
          ctx.db,
          {
            councilId: ctx.actor!.councilId,
            createdBy: `person:${ctx.actor!.personId}`,
            definition: {
              title: draft.title!,
              description: "",
              audience: draft.audience!,
              dueAt: new Date(draft.dueAt!),
              questions: draft.questions,
            },
          },
          ctx.now,
          zone,
        );
        return {
          replies: [
            textMessage(
              ctx.t("surveys.new.created", {
                number: survey.number,
                title: survey.title,
                bodies,
                due: formatInstant(survey.dueAt, zone, ctx.locale),
              }),
            ),
          ],
        };
      }
    }
  },
};

// `/kyodo ballot new` (表決 作成): the secretariat creates a ballot in chat instead of writing a YAML file.
// Where the platform opens forms (a Slack modal, a Mattermost dialog) every field is filled at once and
// problems come back under their fields; elsewhere (LINE, the console, email) the same questions are
// asked one by one. Either way the draft goes through checkBallotDraft — the check behind
// `ballot create --dry-run` — and a preview must be confirmed before anything is created.
import { z } from "zod";
import type { Context } from "../engine/context.ts";
import { FLOW_ACTION_PREFIX, type FlowDefinition, type FlowInput, type FlowStep } from "../engine/definitions.ts";
import { textMessage, type Block, type Choice, type FormField, type OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import type { BallotRules } from "../domain/motions/ballot-rules.ts";
import { describeRules, motionLabel } from "../domain/motions/ballot-text.ts";
import {
  checkBallotDraft,
  checkDates,
  checkMotions,
  checkOrgan,
  checkTitle,
  type BallotDraft,
  type CheckedBallot,
  type DraftProblem,
  type MotionDraft,
} from "../domain/motions/check-ballot-draft.ts";
import { createBallot } from "../domain/motions/create-ballot.ts";
import { ballotLabel } from "../domain/motions/find-ballot.ts";
import { parseMotionLines } from "../domain/motions/motion-lines.ts";
import { listOrgans } from "../domain/organs/find-organ.ts";
import { nameKey, normalizeInput } from "../lib/japanese/normalize.ts";
import { opensForms } from "./form-platforms.ts";
import { councilZone } from "./motions-render.ts";

export const BALLOT_NEW_FLOW = "ballot-new";
export const BALLOT_FORM_ID = "ballot-new";
const ACTION = `${FLOW_ACTION_PREFIX}${BALLOT_NEW_FLOW}`;

/** Rule sets a form can offer in one choice; anything finer belongs in a definition file. */
export const RULE_PRESETS: Record<string, Partial<BallotRules>> = {
  standard: {},
  email: { deemedConsent: true },
  twoThirds: { threshold: "two_thirds" },
  unanimity: { threshold: "unanimity" },
};

interface Data {
  draft?: Partial<BallotDraft>;
  [key: string]: unknown;
}

const presetChoices = (ctx: Context): Choice[] =>
  Object.keys(RULE_PRESETS).map((p) => ({ label: ctx.t(`forms.ballot.rules.${p}`), value: p }));

async function organChoices(ctx: Context): Promise<Choice[]> {
  return (await listOrgans(ctx.db, ctx.actor!.councilId)).map((o) => ({ label: o.name, value: o.slug }));
}

function ask(text: string, choices?: Choice[]): OutboundMessage {
  return choices ? { text, blocks: [{ type: "choices", actionId: ACTION, prompt: text, choices }] } : textMessage(text);
}

function answerOf(input: FlowInput): string {
  return input.kind === "action" ? input.value : input.kind === "text" ? input.text.trim() : "";
}

/** A typed number picks a choice by position (as on the console); a typed label or value by name. */
/** Words people type to end a list, besides the 「以上」 button's label: a motion is never titled one of these. */
const LIST_DONE_WORDS = new Set(["以上", "完了", "終了", "終わり", "おわり", "次へ", "done", "end", "finish", "next"]);

function typedChoice(input: FlowInput, choices: Choice[]): string | undefined {
  const answer = normalizeInput(answerOf(input));
  if (input.kind === "action") return choices.some((c) => c.value === answer) ? answer : undefined;
  if (/^\d+$/.test(answer)) return choices[Number(answer) - 1]?.value;
  return choices.find((c) => nameKey(c.label) === nameKey(answer) || nameKey(c.value) === nameKey(answer))?.value;
}

const say = (ctx: Context, problems: DraftProblem[]) => problems.map((p) => ctx.t(p.key, p.vars)).join("\n");

async function formFields(ctx: Context): Promise<FormField[]> {
  return [
    { id: "title", label: ctx.t("forms.ballot.fields.title"), kind: "text", required: true, maxLength: 200 },
    { id: "organ", label: ctx.t("forms.ballot.fields.organ"), kind: "select", required: true, options: await organChoices(ctx) },
    {
      id: "deadline",
      label: ctx.t("forms.ballot.fields.deadline"),
      kind: "text",
      required: true,
      maxLength: 40,
      placeholder: ctx.t("forms.ballot.deadlineExample"),
    },
    {
      id: "opens",
      label: ctx.t("forms.ballot.fields.opens"),
      kind: "text",
      required: false,
      maxLength: 40,
      placeholder: ctx.t("forms.ballot.opensHint"),
    },
    {
      id: "rules",
      label: ctx.t("forms.ballot.fields.rules"),
      kind: "select",
      required: false,
      options: presetChoices(ctx),
      placeholder: ctx.t("forms.ballot.rules.standard"),
    },
    {
      id: "motions",
      label: ctx.t("forms.ballot.fields.motions"),
      kind: "text",
      required: true,
      maxLength: 3000,
      placeholder: ctx.t("forms.ballot.motionsExample"),
    },
  ];
}

/** The form, with the problems of the last submission under their fields when there were any. */
async function formMessage(ctx: Context, problems: DraftProblem[] = []): Promise<OutboundMessage> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const field = String(p.path[0]);
    errors[field] = [errors[field], ctx.t(p.key, p.vars)].filter(Boolean).join(" ");
  }
  const intro = problems.length > 0 ? `${ctx.t("forms.ballot.fix")}\n${say(ctx, problems)}` : ctx.t("forms.ballot.formIntro");
  const form: Block = {
    type: "form",
    formId: BALLOT_FORM_ID,
    title: ctx.t("forms.ballot.formTitle"),
    submitLabel: ctx.t("forms.ballot.preview"),
    fields: await formFields(ctx),
    ...(problems.length > 0 ? { errors } : {}),
  };
  return { text: intro, blocks: [{ type: "text", text: intro }, form] };
}

function draftFromForm(values: Record<string, string>): BallotDraft {
  const preset = values.rules && RULE_PRESETS[values.rules] ? values.rules : "standard";
  return {
    title: values.title ?? "",
    organ: values.organ ?? "",
    deadline: values.deadline ?? "",
    ...(values.opens?.trim() ? { opens: values.opens.trim() } : {}),
    rules: RULE_PRESETS[preset],
    motions: parseMotionLines(values.motions ?? ""),
  };
}

function preview(ctx: Context, draft: BallotDraft, checked: CheckedBallot, zone: string): FlowStep {
  const { input } = checked;
  const title = ctx.t("forms.ballot.previewTitle");
  const motions = input.motions.map((m, i) => motionLabel({ number: m.number ?? i + 1, title: m.title }, ctx.t)).join("\n");
  const blocks: Block[] = [
    { type: "header", text: title },
    {
      type: "fields",
      fields: [
        { label: ctx.t("forms.ballot.fields.title"), value: input.title },
        {
          label: ctx.t("forms.ballot.fields.organ"),
          value: ctx.t("forms.ballot.organSeats", { organ: checked.organName, seats: checked.seats }),
        },
        {
          label: ctx.t("forms.ballot.fields.opens"),
          value: input.opensAt ? formatInstant(input.opensAt, zone, ctx.locale) : ctx.t("forms.ballot.opensNow"),
        },
        { label: ctx.t("forms.ballot.fields.deadline"), value: formatInstant(input.deadline, zone, ctx.locale) },
      ],
    },
    { type: "text", text: `${ctx.t("forms.ballot.fields.motions")}\n${motions}` },
    { type: "context", text: describeRules(checked.rules, ctx.t).join(" / ") },
    {
      type: "choices",
      actionId: ACTION,
      prompt: ctx.t("forms.ballot.confirm"),
      choices: [
        { label: ctx.t("forms.ballot.create"), value: "create", style: "primary" },
        { label: ctx.t("forms.ballot.discard"), value: "discard" },
      ],
    },
  ];
  return { replies: [{ text: `${title}: ${input.title}`, blocks }], next: { step: "confirm", data: { draft } } };
}

/** Runs the whole check; a valid draft is previewed, an invalid one goes back to where it can be fixed. */
async function checkAll(ctx: Context, draft: BallotDraft, onProblems: (problems: DraftProblem[]) => Promise<FlowStep>): Promise<FlowStep> {
  const zone = await councilZone(ctx);
  const checked = await checkBallotDraft(ctx.db, ctx.actor!.councilId, draft, ctx.now, zone);
  return checked.ok ? preview(ctx, draft, checked.ballot, zone) : onProblems(checked.problems);
}

async function formStep(ctx: Context, values: Record<string, string>): Promise<FlowStep> {
  const draft = draftFromForm(values);
  return checkAll(ctx, draft, async (problems) => ({ replies: [await formMessage(ctx, problems)], next: { step: "form", data: {} } }));
}

/** The step-by-step questions, for platforms without forms. */
async function stepByStep(ctx: Context, step: string, data: Data, input: FlowInput): Promise<FlowStep> {
  const draft = data.draft ?? {};
  const zone = await councilZone(ctx);
  const again = (problems: DraftProblem[], question: OutboundMessage): FlowStep => ({
    replies: [textMessage(say(ctx, problems)), question],
    next: { step, data },
  });
  const askOrgan = async () => ask(ctx.t("forms.ballot.askOrgan"), await organChoices(ctx));
  const askOpens = () => ask(ctx.t("forms.ballot.askOpens"), [{ label: ctx.t("forms.ballot.opensNow"), value: "now" }]);
  const askRules = () => ask(ctx.t("forms.ballot.askRules"), presetChoices(ctx));
  switch (step) {
    case "title": {
      const problems = checkTitle(answerOf(input));
      if (problems.length > 0) return again(problems, textMessage(ctx.t("forms.ballot.askTitle")));
      return { replies: [await askOrgan()], next: { step: "organ", data: { draft: { ...draft, title: answerOf(input) } } } };
    }
    case "organ": {
      const query = typedChoice(input, await organChoices(ctx)) ?? answerOf(input);
      const { problems } = await checkOrgan(ctx.db, ctx.actor!.councilId, query);
      if (problems.length > 0) return again(problems, await askOrgan());
      return {
        replies: [textMessage(ctx.t("forms.ballot.askDeadline"))],
        next: { step: "deadline", data: { draft: { ...draft, organ: query } } },
      };
    }
    case "deadline": {
      const { problems } = checkDates(undefined, answerOf(input), ctx.now, zone);
      if (problems.length > 0) return again(problems, textMessage(ctx.t("forms.ballot.askDeadline")));
      return { replies: [askOpens()], next: { step: "opens", data: { draft: { ...draft, deadline: answerOf(input) } } } };
    }
    case "opens": {
      const opens =
        input.kind === "action" ||
        normalizeInput(answerOf(input)) === "1" ||
        nameKey(answerOf(input)) === nameKey(ctx.t("forms.ballot.opensNow"))
          ? undefined
          : answerOf(input);
      const { problems } = checkDates(opens, draft.deadline ?? "", ctx.now, zone);
      if (problems.length > 0) return again(problems, askOpens());
      return { replies: [askRules()], next: { step: "rules", data: { draft: { ...draft, ...(opens ? { opens } : {}) } } } };
    }
    case "rules": {
      const preset = typedChoice(input, presetChoices(ctx));
      if (!preset) return { replies: [textMessage(ctx.t("forms.ballot.pickFromList")), askRules()], next: { step, data } };
      return {
        replies: [textMessage(ctx.t("forms.ballot.askMotions"))],
        next: { step: "motions", data: { draft: { ...draft, rules: RULE_PRESETS[preset] } } },
      };
    }
    case "motions": {
      // Motions come a line at a time (the console reads lines) or several lines in one message (LINE),
      // until the person says they are done; a line that breaks the list is refused on its own.
      const soFar = draft.motions ?? [];
      const askMore = (motions: MotionDraft[]) =>
        ask(ctx.t("forms.ballot.askMoreMotions", { count: motions.length }), [{ label: ctx.t("forms.ballot.motionsDone"), value: "done" }]);
      const saysDone =
        typedChoice(input, [{ label: ctx.t("forms.ballot.motionsDone"), value: "done" }]) === "done" ||
        LIST_DONE_WORDS.has(normalizeInput(answerOf(input)).toLowerCase());
      if (soFar.length > 0 && saysDone) {
        const full = { ...draft, motions: soFar } as BallotDraft;
        // Whatever changed meanwhile (the deadline passed while typing) is said here, and the person starts over.
        return checkAll(ctx, full, (all) =>
          Promise.resolve({
            replies: [textMessage(say(ctx, all)), textMessage(ctx.t("forms.ballot.askTitle"))],
            next: { step: "title", data: {} },
          }),
        );
      }
      const motions = [...soFar, ...parseMotionLines(answerOf(input))];
      const problems = checkMotions(motions);
      if (problems.length > 0)
        return {
          replies: [textMessage(say(ctx, problems)), soFar.length > 0 ? askMore(soFar) : textMessage(ctx.t("forms.ballot.askMotions"))],
          next: { step, data },
        };
      return { replies: [askMore(motions)], next: { step, data: { draft: { ...draft, motions } } } };
    }
    default:
      return { replies: [textMessage(ctx.t("forms.ballot.askTitle"))], next: { step: "title", data: {} } };
  }
}

async function confirm(ctx: Context, data: Data, input: FlowInput): Promise<FlowStep> {
  const draft = data.draft as BallotDraft;
  const choice = typedChoice(input, [
    { label: ctx.t("forms.ballot.create"), value: "create" },
    { label: ctx.t("forms.ballot.discard"), value: "discard" },
  ]);
  if (choice === "discard") return { replies: [textMessage(ctx.t("flow.cancelled"))] };
  const zone = await councilZone(ctx);
  const checked = await checkBallotDraft(ctx.db, ctx.actor!.councilId, draft, ctx.now, zone);
  // The preview may be old: a deadline that has passed since is refused with the same words as before.
  if (!checked.ok) return { replies: [textMessage(say(ctx, checked.problems))] };
  if (choice !== "create") return preview(ctx, draft, checked.ballot, zone);
  const created = await createBallot(ctx.db, { ...checked.ballot.input, createdBy: `person:${ctx.actor!.personId}` }, ctx.now, zone);
  const text = ctx.t("motions.cli.created", {
    label: ballotLabel(created),
    organ: created.organName,
    seats: created.roll.length,
    motions: created.motions.length,
    deadline: formatInstant(created.deadline, zone, ctx.locale),
  });
  return { replies: [textMessage(text)] };
}

const text = z.string().optional();

export const ballotNewFlow: FlowDefinition = {
  name: BALLOT_NEW_FLOW,
  access: "secretariat",
  version: 1,
  // The draft is checked as a whole (checkBallotDraft) before anything is created; here only its shape.
  data: z.looseObject({
    draft: z
      .looseObject({
        title: text,
        organ: text,
        opens: text,
        deadline: text,
        rules: z.record(z.string(), z.unknown()).optional(),
        reminders: z.array(z.number()).optional(),
        motions: z.array(z.looseObject({ title: z.string() })).optional(),
      })
      .optional(),
  }),
  async start(ctx) {
    if (opensForms(ctx)) return { replies: [await formMessage(ctx)], next: { step: "form", data: {} } };
    return {
      replies: [textMessage(ctx.t("forms.ballot.stepIntro")), textMessage(ctx.t("forms.ballot.askTitle"))],
      next: { step: "title", data: {} },
    };
  },
  async input(ctx, step, raw, input) {
    const data = raw as Data;
    // A form answer is the whole ballot, whatever step the conversation was at (a modal opened again).
    if (input.kind === "form") return formStep(ctx, input.values);
    if (step === "confirm") return confirm(ctx, data, input);
    if (step === "form") return { replies: [await formMessage(ctx)], next: { step, data } };
    return stepByStep(ctx, step, data, input);
  },
};

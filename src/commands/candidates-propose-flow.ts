// `/kyodo 案件 new [名称]`: proposing a candidate in chat — its name, then category, description, known
// products or vendors, rough cost and links, each skippable — and a summary to confirm. The secretariat
// may always propose; member staff when the council allows it (`案件 rule propose on`).
import { z } from "zod";
import type { Context } from "../engine/context.ts";
import { COMMAND_ACTION, FLOW_ACTION_PREFIX, type FlowDefinition, type FlowInput, type FlowStep } from "../engine/definitions.ts";
import { textMessage, type Choice, type OutboundMessage } from "../engine/messages.ts";
import { cleanField, fieldFromText, type CandidateFields, type EditableField } from "../domain/candidates/candidate-fields.ts";
import { candidateLabel } from "../domain/candidates/find-candidate.ts";
import { proposeCandidate, proposerBody } from "../domain/candidates/propose-candidate.ts";
import { DomainError } from "../domain/errors.ts";
import { UserError } from "../lib/user-error.ts";
import { nameKey, normalizeInput } from "../lib/japanese/normalize.ts";

export const PROPOSE_FLOW = "candidate-propose";
const ACTION = `${FLOW_ACTION_PREFIX}${PROPOSE_FLOW}`;
const SKIP = "skip";
const SKIP_WORDS = ["スキップ", "なし", "無し", "skip", "none", "-"].map(nameKey);
/** The order the fields are asked in, after the name. */
const OPTIONAL: EditableField[] = ["category", "description", "products", "roughCost", "links"];

type Draft = Partial<CandidateFields> & { [key: string]: unknown };

const ask = (text: string, choices: Choice[]): OutboundMessage => ({
  text,
  blocks: [{ type: "choices", actionId: ACTION, prompt: text, choices }],
});

function typed(input: FlowInput): string {
  if (input.kind === "action") return input.value;
  if (input.kind === "text") return input.text.trim();
  return "";
}

function askField(ctx: Context, field: EditableField, draft: Draft, notes: OutboundMessage[] = []): FlowStep {
  const prompt = ctx.t(`candidates.propose.ask.${field}`);
  if (field === "name") return { replies: [...notes, textMessage(prompt)], next: { step: field, data: draft } };
  return {
    replies: [...notes, ask(prompt, [{ label: ctx.t("candidates.propose.skip"), value: SKIP }])],
    next: { step: field, data: draft },
  };
}

function summary(ctx: Context, draft: Draft): FlowStep {
  const none = ctx.t("common.none");
  const lines = [
    `${ctx.t("candidates.fields.name")}: ${draft.name}`,
    `${ctx.t("candidates.fields.category")}: ${draft.category || none}`,
    `${ctx.t("candidates.fields.description")}: ${draft.description || none}`,
    `${ctx.t("candidates.fields.products")}: ${(draft.products ?? []).join(ctx.t("candidates.listSeparator")) || none}`,
    `${ctx.t("candidates.fields.roughCost")}: ${draft.roughCost || none}`,
    `${ctx.t("candidates.fields.links")}: ${(draft.links ?? []).join(" ") || none}`,
  ];
  const text = `${ctx.t("candidates.propose.summary")}\n${lines.join("\n")}`;
  return {
    replies: [
      ask(text, [
        { label: ctx.t("candidates.propose.create"), value: "create", style: "primary" },
        { label: ctx.t("candidates.propose.discard"), value: "discard" },
      ]),
    ],
    next: { step: "confirm", data: draft },
  };
}

function nextStep(ctx: Context, after: EditableField, draft: Draft): FlowStep {
  const next = after === "name" ? OPTIONAL[0] : OPTIONAL[OPTIONAL.indexOf(after) + 1];
  return next ? askField(ctx, next, draft) : summary(ctx, draft);
}

const text = z.string().optional();
const list = z.array(z.string()).optional();

export const proposeFlow: FlowDefinition = {
  name: PROPOSE_FLOW,
  access: "member",
  version: 1,
  data: z.looseObject({ name: text, category: text, description: text, products: list, roughCost: text, links: list }),
  async start(ctx, args) {
    const { allowed } = await proposerBody(ctx.db, ctx.actor!.councilId, ctx.actor!.personId);
    if (!allowed) throw new DomainError("candidates.proposeForbidden", {});
    const intro = textMessage(ctx.t("candidates.propose.intro"));
    const name = args.join(" ").trim();
    if (name) {
      try {
        return nextStep(ctx, "name", { name: cleanField("name", name) });
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
      }
    }
    return askField(ctx, "name", {}, [intro]);
  },
  async input(ctx, step, stored, input) {
    const draft = stored as Draft;
    if (step === "confirm") {
      const choice = normalizeInput(typed(input));
      const create = choice === "create" || choice === "1" || nameKey(choice) === nameKey(ctx.t("candidates.propose.create"));
      const discard = choice === "discard" || choice === "2" || nameKey(choice) === nameKey(ctx.t("candidates.propose.discard"));
      if (discard) return { replies: [textMessage(ctx.t("flow.cancelled"))] };
      if (!create) return summary(ctx, draft);
      const candidate = await proposeCandidate(
        ctx.db,
        {
          councilId: ctx.actor!.councilId,
          fields: { ...draft, name: draft.name! },
          proposedBy: `person:${ctx.actor!.personId}`,
          personId: ctx.actor!.personId,
        },
        ctx.now,
      );
      return {
        replies: [
          {
            text: ctx.t("candidates.propose.created", { label: candidateLabel(candidate, ctx.locale) }),
            blocks: [
              { type: "text", text: ctx.t("candidates.propose.created", { label: candidateLabel(candidate, ctx.locale) }) },
              {
                type: "choices",
                actionId: COMMAND_ACTION,
                choices: [
                  { label: ctx.t("candidates.buttons.show", { number: candidate.number }), value: `candidates ${candidate.number}` },
                ],
              },
            ],
          },
        ],
      };
    }
    const field = step as EditableField;
    const text = typed(input);
    const skipped = text === SKIP || (field !== "name" && SKIP_WORDS.includes(nameKey(text)));
    if (skipped) return nextStep(ctx, field, draft);
    if (!text) return askField(ctx, field, draft);
    try {
      const value = cleanField(field, fieldFromText(field, text));
      return nextStep(ctx, field, { ...draft, [field]: value });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return askField(ctx, field, draft, [textMessage(ctx.t(error.key, error.vars))]);
    }
  },
};

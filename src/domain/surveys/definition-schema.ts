// The structure of a survey definition file (YAML or JSON), checked with zod. Objects are strict so a
// misspelt field (`requierd`) is reported instead of silently ignored. Messages that zod cannot phrase
// well are i18n keys (surveys.definition.*), translated when the issues are reported.
// Each kind's own fields come from its module (./kinds/), so the schema is built from the registry.
import { z } from "zod";
import { allKinds, kindNames, onKindsChanged } from "./kinds/index.ts";
import { optionInput, scalar } from "./kinds/shared.ts";

const conditionInput = z.strictObject({
  question: z.string().trim().min(1),
  /** one value or a list (any of them); option labels are accepted too */
  equals: z.union([scalar, z.boolean(), z.array(z.union([scalar, z.boolean()])).min(1)], { error: "surveys.definition.equals" }),
});

const base = {
  id: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, { error: "surveys.definition.id" })
    .optional(),
  text: z.string().trim().min(1).max(500),
  textEn: z.string().trim().min(1).max(500).optional(),
  /** a short heading for the export's columns (参加意向); the text is used when absent */
  short: z.string().trim().min(1).max(40).optional(),
  help: z.string().trim().min(1).max(1000).optional(),
  helpEn: z.string().trim().min(1).max(1000).optional(),
  required: z.boolean().default(true),
  when: conditionInput.optional(),
  /** show what the answering body would pay if it joined, from this cost share (按分 number), beside the question */
  costEstimate: z.strictObject({ share: z.number().int().min(1) }).optional(),
};

export type QuestionInput = z.output<z.ZodObject<typeof base>> & { kind: string; [field: string]: unknown };

/** One question: the common fields and those of its kind, strict, told apart by `kind`. */
function questionInput(): z.ZodType<QuestionInput> {
  const [first, ...rest] = allKinds().map((k) => z.strictObject({ ...base, kind: z.literal(k.kind), ...k.fields }));
  if (!first) throw new Error("no question kinds are registered");
  return z.discriminatedUnion("kind", [first, ...rest], {
    error: `surveys.definition.kind`,
  });
}

const dateInput = z
  .string({ error: (issue) => (issue.input === undefined ? "surveys.definition.missing" : "surveys.definition.dateType") })
  .trim()
  .min(1);

export const audienceInput = z.union(
  [z.literal("all"), z.strictObject({ bodies: z.array(scalar).min(1) }), z.strictObject({ organ: z.string().trim().min(1) })],
  { error: "surveys.definition.audience" },
);

function buildDefinitionInput(question: z.ZodType<QuestionInput>) {
  return z.strictObject({
    title: z.string().trim().min(1).max(200),
    titleEn: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(4000).optional(),
    descriptionEn: z.string().trim().max(4000).optional(),
    series: z
      .string()
      .trim()
      .regex(/^[\p{L}\p{N}_.-]{1,60}$/u, { error: "surveys.definition.series" })
      .optional(),
    fiscalYear: z.union([z.number().int(), z.string().trim().min(1)]).optional(),
    audience: audienceInput.default("all"),
    opensAt: dateInput.optional(),
    dueAt: dateInput,
    reminders: z.array(z.number().int().min(0).max(60)).max(10).optional(),
    reminderTime: z.string().trim().optional(),
    questions: z.array(question).min(1).max(100),
  });
}

export type DefinitionSchema = ReturnType<typeof buildDefinitionInput>;
export type DefinitionInput = z.output<DefinitionSchema>;
export type OptionInput = z.infer<typeof optionInput>;

let cached: DefinitionSchema | undefined;
onKindsChanged(() => (cached = undefined));

/** The definition file's schema, with the kinds registered now. */
export function definitionInput(): DefinitionSchema {
  return (cached ??= buildDefinitionInput(questionInput()));
}

/** The kinds, as the "unknown kind" message lists them. */
export function kindList(): string {
  return kindNames().join(", ");
}

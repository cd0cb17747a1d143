// The structure of a survey definition file (YAML or JSON), checked with zod. Objects are strict so a
// misspelt field (`requierd`) is reported instead of silently ignored. Messages that zod cannot phrase
// well are i18n keys (surveys.definition.*), translated when the issues are reported.
import { z } from "zod";
import { QUESTION_KINDS } from "./survey-types.ts";

const label = z.string().trim().min(1).max(200);
const scalar = z.union([z.string().trim().min(1).max(100), z.number()]);

/** `- 参加する` or `- { value: join, label: 参加する, labelEn: Join }` */
export const optionInput = z.union([scalar, z.strictObject({ value: scalar.optional(), label, labelEn: label.optional() })], {
  error: "surveys.definition.option",
});

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

const options = z.array(optionInput).min(2, { error: "surveys.definition.twoOptions" }).max(50);
const count = z.number().int().min(0).max(50);

export const questionInput = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ ...base, kind: z.literal("single"), options }),
    z.strictObject({ ...base, kind: z.literal("multi"), options, minSelect: count.optional(), maxSelect: count.min(1).optional() }),
    z.strictObject({ ...base, kind: z.literal("yesno") }),
    z.strictObject({
      ...base,
      kind: z.literal("number"),
      unit: z.string().trim().min(1).max(20).optional(),
      unitEn: z.string().trim().min(1).max(20).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      integer: z.boolean().default(true),
    }),
    z.strictObject({ ...base, kind: z.literal("text"), maxLength: z.number().int().min(1).max(4000).default(1000) }),
    z.strictObject({ ...base, kind: z.literal("date") }),
    z.strictObject({
      ...base,
      kind: z.literal("ranking"),
      options,
      /** rank the top N */
      top: z.number().int().min(1).max(10).default(2),
      /** points per rank, 1st first; default N, N-1 … 1 (1st = 2, 2nd = 1 for the top 2, as in Osaka) */
      points: z.array(z.number().min(0)).min(1).max(10).optional(),
      /** a partial ranking is accepted down to this many ranks (1: a 1st choice alone); default: all `top` */
      minRanked: z.number().int().min(1).max(10).optional(),
    }),
    z.strictObject({
      ...base,
      kind: z.literal("matrix"),
      /** the services (one row each) */
      rows: z.array(optionInput).min(1).max(30),
      /** the options each row may want */
      options: z.array(optionInput).min(1).max(20),
    }),
  ],
  { error: `surveys.definition.kind` },
);

const dateInput = z
  .string({ error: (issue) => (issue.input === undefined ? "surveys.definition.missing" : "surveys.definition.dateType") })
  .trim()
  .min(1);

export const audienceInput = z.union(
  [z.literal("all"), z.strictObject({ bodies: z.array(scalar).min(1) }), z.strictObject({ organ: z.string().trim().min(1) })],
  { error: "surveys.definition.audience" },
);

export const definitionInput = z.strictObject({
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
  questions: z.array(questionInput).min(1).max(100),
});

export type DefinitionInput = z.infer<typeof definitionInput>;
export type QuestionInput = z.infer<typeof questionInput>;
export type OptionInput = z.infer<typeof optionInput>;

export const KIND_LIST = QUESTION_KINDS.join(", ");

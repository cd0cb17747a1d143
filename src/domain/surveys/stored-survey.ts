// How the survey rows' JSON columns are read back: through these schemas (src/lib/json-column.ts), so a row
// of an older shape, or one of a question kind this build does not know, is reported naming the row instead
// of being asked, tallied or exported wrongly.
import { z } from "zod";
import { readJsonColumn } from "../../lib/json-column.ts";
import { kindNames } from "./kinds/index.ts";
import type { Position } from "./navigation.ts";
import type { Answers, Audience, Question } from "./survey-types.ts";

const optionSchema = z.object({ value: z.string(), label: z.string(), labelEn: z.string().optional() });

/**
 * A stored question: the fields every kind has, of a kind registered now; the kind's own fields are its
 * module's business (its `problem` checks every answer against them).
 */
const storedQuestion = z.looseObject({
  id: z.string().min(1),
  kind: z
    .string()
    .refine((kind) => kindNames().includes(kind), { error: (issue) => `unknown question kind ${JSON.stringify(issue.input)}` }),
  text: z.string(),
  required: z.boolean(),
  options: z.array(optionSchema).optional(),
  rows: z.array(optionSchema).optional(),
  when: z.object({ question: z.string(), anyOf: z.array(z.string()) }).optional(),
});

const questionsSchema = z.array(storedQuestion).min(1);

/** The questions of a survey being built in chat (`/kyodo survey new`), saved between steps. */
export const draftQuestionsSchema = z.array(storedQuestion);

const answerValue = z.union([z.string(), z.number(), z.array(z.string()), z.record(z.string(), z.array(z.string())), z.null()]);
const answersSchema = z.record(z.string(), answerValue);

const positionSchema = z.union([
  z.object({ at: z.literal("question"), id: z.string(), sub: z.number().int().min(0), pending: z.array(z.string()).optional() }),
  z.object({ at: z.literal("summary") }),
  z.object({ at: z.literal("edit") }),
]);

const audienceSchema = z.union([
  z.object({ kind: z.literal("all") }),
  z.object({ kind: z.literal("bodies"), bodies: z.array(z.string()) }),
  z.object({ kind: z.literal("organ"), organ: z.string() }),
]);

export function readAudience(text: string, where: string): Audience {
  return readJsonColumn(audienceSchema, text, where);
}

export function readQuestions(text: string, where: string): Question[] {
  // Checked above for what every kind shares; the kind modules own the rest of each question's shape.
  return readJsonColumn(questionsSchema, text, where) as unknown as Question[];
}

export function readAnswers(text: string, where: string): Answers {
  return readJsonColumn(answersSchema, text, where);
}

export function readPosition(text: string, where: string): Position {
  return readJsonColumn(positionSchema, text, where);
}

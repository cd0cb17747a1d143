// A ballot written down as a file (YAML, or JSON, which YAML reads too) for the secretariat's command
// line: title, organ, dates, rules and motions. Validated with zod; every problem names the file, the
// line and the field, so it can be fixed without guessing.
import { formatPath } from "../../lib/definition-path.ts";
import { LineCounter, parseDocument, type Node } from "yaml";
import { findForbiddenCharacter, yamlValues } from "../../lib/untrusted-text.ts";
import { z } from "zod";
import { parseJapaneseDate } from "../../lib/japanese/era.ts";
import { DomainError } from "../errors.ts";
import { instantAt, parseLocalTime } from "../calendar/zoned-time.ts";
import { ballotRulesSchema } from "./ballot-rules.ts";
import { motionOptionsSchema } from "./motion-options.ts";

const text = (max: number) => z.string().trim().min(1).max(max);
const dateText = z.union([z.string(), z.date(), z.number()]).transform((v) => (v instanceof Date ? v.toISOString() : String(v)));

export const ballotDefinitionSchema = z
  .object({
    // Lengths and counts are checked by check-ballot-draft.ts, which says the same words in chat forms.
    title: z.string(),
    /** organ slug (sokai) or name (総会) */
    organ: text(100),
    /** 2026-11-24 09:00, 令和8年11月24日 9:00; default: when it is created */
    opens: dateText.optional(),
    /** a date alone means 17:00 that day */
    deadline: dateText,
    /** an empty `rules:` (null in YAML) means the defaults */
    rules: ballotRulesSchema.partial().nullish(),
    /** business days before the deadline on which seats that have not voted are reminded */
    reminders: z.array(z.number().int().min(0).max(60)).max(10).nullish(),
    motions: z.array(
      z
        .object({
          number: z.number().int().min(1).max(999).optional(),
          title: z.string(),
          text: z.string().max(20_000).optional(),
          attachments: z
            .array(z.object({ label: text(100), url: z.url() }).strict())
            .max(20)
            .optional(),
          options: motionOptionsSchema.optional(),
          /** bodies (name or code) whose seats do not vote on this motion */
          recused: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type BallotDefinition = z.infer<typeof ballotDefinitionSchema>;

export interface ParsedDefinition {
  definition: BallotDefinition;
  /** the line of a field (e.g. ["motions", 0, "recused"]), for errors found later (an unknown body) */
  lineOf: (path: Array<string | number>) => number;
}

export function parseBallotDefinition(source: string, file: string): ParsedDefinition {
  const forbidden = findForbiddenCharacter(source);
  if (forbidden) throw new DomainError("security.definitionControlCharacter", { file, ...forbidden });
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new DomainError("motions.definition.syntax", {
      file,
      line: lineCounter.linePos(error.pos[0]).line,
      problem: error.message.split("\n")[0],
    });
  }
  const lineOf = (path: Array<string | number>) => {
    // A missing field has no line of its own: point at the nearest enclosing one that exists.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : (doc.getIn(path.slice(0, depth), true) as Node | undefined);
      const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    return 1;
  };
  const values = yamlValues(doc);
  if (!values.ok) throw new DomainError("motions.definition.syntax", { file, line: 1, problem: values.problem });
  const raw = values.value;
  const parsed = ballotDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
      return `${file}:${lineOf(path)} ${formatPath(path)}: ${issue.message}`;
    });
    throw new DomainError("motions.definition.invalid", { file, problems: problems.join("\n") });
  }
  return { definition: parsed.data, lineOf };
}

/**
 * Reads a date and time in the council's zone: 2026-12-04 17:00, 令和8年12月4日 17時, 2026/12/4 or an ISO
 * instant. A date alone means `defaultTime` that day. Undefined when unreadable.
 */
export function parseDateTime(input: string, zone: string, defaultTime = "17:00"): Date | undefined {
  const value = input.normalize("NFKC").trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const match = value.match(/^(.+?)(?:[\sT]+(\d{1,2}(?::\d{2}|時(?:\d{1,2}分?)?)))?$/);
  if (!match) return undefined;
  const date = parseJapaneseDate(match[1]!);
  const time = parseLocalTime((match[2] ?? defaultTime).replace(/時(\d{1,2})分?$/, ":$1").replace(/時$/, ":00"));
  return date && time ? instantAt(date, time, zone) : undefined;
}

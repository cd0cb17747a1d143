// Reads a survey definition from the text of a YAML or JSON file (JSON is read by the YAML parser, so
// both report line numbers). Every problem names the file, the line and the field, and says what is
// expected, in Japanese and English: the secretariat fixes a whole file in one pass.
import { LineCounter, parseDocument } from "yaml";
import { findForbiddenCharacter, yamlValues } from "../../lib/untrusted-text.ts";
import { z } from "zod";
import { translator } from "../../engine/i18n.ts";
import { UserError } from "../../lib/user-error.ts";
import { definitionInput, kindList, type DefinitionSchema } from "./definition-schema.ts";
import { formatPath } from "../../lib/definition-path.ts";
import { normalizeDefinition, type DefinitionProblem, type IssuePath } from "./normalize-definition.ts";
import type { SurveyDefinition } from "./survey-types.ts";

export interface DefinitionIssue {
  path: IssuePath;
  line?: number;
  ja: string;
  en: string;
}

/** Where the definition came from, so problems found later (an unknown body name) still get a line. */
export interface DefinitionSource {
  file: string;
  locate(path: IssuePath): number | undefined;
}

export { formatPath };

export function formatIssue(file: string, issue: DefinitionIssue): string {
  const where = issue.line ? `${file}:${issue.line}` : file;
  return `${where}: ${formatPath(issue.path)}: ${issue.ja} / ${issue.en}`;
}

export class SurveyDefinitionError extends UserError {
  readonly file: string;
  readonly issues: DefinitionIssue[];

  constructor(file: string, issues: DefinitionIssue[]) {
    super("surveys.definition.invalid", { file, count: issues.length, details: issues.map((i) => formatIssue(file, i)).join("\n") });
    this.file = file;
    this.issues = issues;
  }
}

const ja = translator("ja");
const en = translator("en");

export function problemIssue(problem: DefinitionProblem, source?: DefinitionSource): DefinitionIssue {
  return { path: problem.path, line: source?.locate(problem.path), ja: ja(problem.key, problem.vars), en: en(problem.key, problem.vars) };
}

type ErrorMap = NonNullable<Parameters<DefinitionSchema["safeParse"]>[1]>["error"];

/** A field left out is reported as missing, not as "expected string, received undefined". */
function withMissing(map: ErrorMap): ErrorMap {
  return (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "surveys.definition.missing" : map!(issue));
}

function zodMessage(message: string, translate: typeof ja): string {
  return message.startsWith("surveys.") ? translate(message, { kinds: kindList() }) : message;
}

export function readSurveyDefinition(
  text: string,
  file: string,
  zone: string,
  now: Date,
): { definition: SurveyDefinition; source: DefinitionSource } {
  const forbidden = findForbiddenCharacter(text);
  if (forbidden) {
    throw new SurveyDefinitionError(file, [
      {
        path: [],
        line: forbidden.line,
        ja: ja("security.definitionControlCharacter", { file, ...forbidden }),
        en: en("security.definitionControlCharacter", { file, ...forbidden }),
      },
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    throw new SurveyDefinitionError(
      file,
      doc.errors.map((e) => ({
        path: [],
        line: lineOf(e.pos[0]),
        ja: ja("surveys.definition.syntax", { detail: e.message.split("\n")[0] }),
        en: en("surveys.definition.syntax", { detail: e.message.split("\n")[0] }),
      })),
    );
  }
  const source: DefinitionSource = {
    file,
    locate(path) {
      // The deepest part of the path that exists in the file: a missing field is reported where its
      // parent is written.
      for (let depth = path.length; depth >= 0; depth -= 1) {
        const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineOf(node.range[0]);
      }
      return undefined;
    },
  };
  const values = yamlValues(doc);
  if (!values.ok) {
    throw new SurveyDefinitionError(file, [
      {
        path: [],
        line: 1,
        ja: ja("surveys.definition.syntax", { detail: values.problem }),
        en: en("surveys.definition.syntax", { detail: values.problem }),
      },
    ]);
  }
  const raw: unknown = values.value;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new SurveyDefinitionError(file, [
      { path: [], line: 1, ja: ja("surveys.definition.notObject"), en: en("surveys.definition.notObject") },
    ]);
  }
  const schema = definitionInput();
  const parsedJa = schema.safeParse(raw, { error: withMissing(z.locales.ja().localeError) });
  if (!parsedJa.success) {
    const parsedEn = schema.safeParse(raw, { error: withMissing(z.locales.en().localeError) });
    const enIssues = parsedEn.success ? [] : parsedEn.error.issues;
    throw new SurveyDefinitionError(
      file,
      parsedJa.error.issues.map((issue, i) => {
        const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
        const enMessage = enIssues[i]?.message ?? issue.message;
        return {
          path: path as IssuePath,
          line: source.locate(path as IssuePath),
          ja: zodMessage(issue.message, ja),
          en: zodMessage(enMessage, en),
        };
      }),
    );
  }
  const { definition, problems } = normalizeDefinition(parsedJa.data, zone, now);
  if (problems.length > 0)
    throw new SurveyDefinitionError(
      file,
      problems.map((p) => problemIssue(p, source)),
    );
  return { definition, source };
}

// Every parser of untrusted input, fed random and hostile text with fast-check: each must return (or
// refuse with Kyodo's own error) and never throw anything else, and each input must be cheap. Hostile
// inputs are long runs over the characters the parser's patterns look at — where backtracking hides.
// Inputs are bounded; the per-test timeouts are generous ceilings, not measurements.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCsv } from "../../src/domain/bodies/import-bodies.ts";
import { extractReplyText } from "../../src/domain/email/extract-reply-text.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { parseBallotDefinition, parseDateTime } from "../../src/domain/motions/ballot-definition.ts";
import { DEFAULT_OPTIONS } from "../../src/domain/motions/motion-options.ts";
import { parseVoteText } from "../../src/domain/motions/parse-vote-text.ts";
import { readSurveyDefinition, SurveyDefinitionError } from "../../src/domain/surveys/read-definition.ts";
import { parseCommand } from "../../src/engine/parse-command.ts";
import { parseFiscalYear, parseJapaneseDate } from "../../src/lib/japanese/era.ts";
import { CsvError, parse as parseCsv } from "csv-parse/sync";

const RUNS = { numRuns: 150, seed: 16 };
const TIMEOUT = { timeout: 30_000 };

/** Random text, and long runs over a parser's own alphabet (the shapes that make patterns backtrack). */
function hostile(alphabet: string[], max = 20_000): fc.Arbitrary<string> {
  const run = fc.tuple(fc.constantFrom(...alphabet), fc.integer({ min: 1, max })).map(([c, n]) => c.repeat(n));
  const mix = fc.array(fc.constantFrom(...alphabet), { maxLength: 2_000 }).map((a) => a.join(""));
  return fc.oneof(
    fc.string({ maxLength: 2_000 }),
    fc.fullUnicodeString({ maxLength: 500 }),
    mix,
    fc.array(fc.oneof(run, mix), { maxLength: 4 }).map((p) => p.join("")),
  );
}

const onlyOwnErrors = (error: unknown) => error instanceof DomainError || error instanceof SurveyDefinitionError;

describe("fuzz: parsers of untrusted text", () => {
  it("email reply extraction", TIMEOUT, () => {
    fc.assert(
      fc.property(hostile([" ", "\t", "\n", ">", "@", "<", ":", "：", "-", "_", "a", "書", "wrote", "From: x\n"]), (text) => {
        expect(typeof extractReplyText(text).text).toBe("string");
      }),
      RUNS,
    );
  });

  it("vote text", TIMEOUT, () => {
    const context = {
      motions: [1, 2, 3, 4].map((n) => ({ number: n, title: `議案${n}の承認について`, options: DEFAULT_OPTIONS })),
      focus: 1,
    };
    fc.assert(
      fc.property(
        hostile(["議案", "1", "２", "賛成", "反対", "棄権", "全", "、", " ", "\n", "以外", "は", "？", "motion", ":", "第", "号"], 5_000),
        (text) => {
          expect(parseVoteText(text, context)).toBeDefined();
        },
      ),
      RUNS,
    );
  });

  it("Japanese dates and fiscal years", TIMEOUT, () => {
    fc.assert(
      fc.property(hostile(["令和", "平成", "元", "年", "月", "日", "1", "２", "/", "-", " ", "時", "分", ":", "T"], 5_000), (text) => {
        parseJapaneseDate(text);
        parseFiscalYear(text);
        parseDateTime(text, "Asia/Tokyo");
      }),
      RUNS,
    );
  });

  it("commands", TIMEOUT, () => {
    fc.assert(
      fc.property(hostile(["/kyodo", "／ｋｙｏｄｏ", " ", "　", "\t", "vote", "ｈｅｌｐ", "\u200b"]), (text) => {
        const parsed = parseCommand(text);
        if (parsed) expect(typeof parsed.word).toBe("string");
      }),
      RUNS,
    );
  });

  it("CSV (decoding and parsing as the imports do)", TIMEOUT, () => {
    fc.assert(
      fc.property(hostile(['"', ",", "\n", "\r", "団体", "code", "\uFEFF", " "], 5_000), (text) => {
        const decoded = decodeCsv(new TextEncoder().encode(text));
        try {
          parseCsv(decoded, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true });
        } catch (error) {
          // csv-parse refuses malformed quoting with its own error, which the imports turn into a message.
          expect(error).toBeInstanceOf(CsvError);
        }
      }),
      RUNS,
    );
  });

  it("YAML definitions (ballots and surveys)", TIMEOUT, () => {
    fc.assert(
      fc.property(
        hostile(["&a ", "*a", "[", "]", "{", "}", ":", "- ", "\n", "  ", "'", '"', "!!", "title: ", "motions:"], 3_000),
        (text) => {
          for (const read of [
            () => parseBallotDefinition(text, "fuzz.yaml"),
            () => readSurveyDefinition(text, "fuzz.yaml", "Asia/Tokyo", new Date()),
          ]) {
            try {
              read();
            } catch (error) {
              if (!onlyOwnErrors(error)) throw error;
            }
          }
        },
      ),
      RUNS,
    );
  });
});

describe("definitions with control characters or invalid UTF-8", () => {
  const ballot = (title: string) => `title: "${title}"\ndeadline: 2026-12-04 17:00\nmotions:\n  - title: 議案\n`;
  for (const [name, bad] of [
    ["NUL", "\u0000"],
    ["ESC", "\u001b[31m"],
    ["invalid UTF-8", "\ufffd"],
  ] as const) {
    it(`refuses a ballot title with ${name}, naming the line`, () => {
      expect(() => parseBallotDefinition(ballot(`総会${bad}`), "ballot.yaml")).toThrow(
        expect.objectContaining({ key: "security.definitionControlCharacter", vars: expect.objectContaining({ line: 1 }) as unknown }),
      );
    });
  }
});

describe("YAML alias bomb", () => {
  const bomb = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(",")}]`,
    ),
  ].join("\n");

  it("is refused with Kyodo's own message, for ballots and surveys", TIMEOUT, () => {
    expect(() => parseBallotDefinition(bomb, "bomb.yaml")).toThrow(DomainError);
    expect(() => readSurveyDefinition(bomb, "bomb.yaml", "Asia/Tokyo", new Date())).toThrow(SurveyDefinitionError);
  });
});

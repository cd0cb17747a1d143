// Every reply in test/motions/vote-corpus.yaml through the vote reader — as chat reads it and as an email
// reply is read — with zero wrong choices: a recorded choice must be one its label allows. Asking back
// instead is allowed outside `plain` and counted, so the count can be kept low and watched.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_RULES } from "../../src/domain/motions/ballot-rules.ts";
import { DEFAULT_OPTIONS } from "../../src/domain/motions/motion-options.ts";
import { parseVoteText, type ParsedVoteText } from "../../src/domain/motions/parse-vote-text.ts";
import { readEmailVote } from "../../src/domain/email/read-email-vote.ts";

type Entry = [text: string, label: string];
type Group = { plain: Entry[]; other: Entry[] };
const corpus = parse(readFileSync(join(import.meta.dirname, "vote-corpus.yaml"), "utf8")) as Record<"one" | "four" | "email", Group>;

const titles = ["令和7年度予算（案）について", "手数料条例の一部改正について", "指定管理者の指定について", "会則の改正について"];
const motion = (number: number) => ({
  id: `m${number}`,
  number,
  title: titles[number - 1]!,
  text: "",
  attachments: [],
  options: DEFAULT_OPTIONS,
  version: 1,
  outcome: null,
  tally: null,
  recusedSeatIds: new Set<string>(),
});
const fourMotions = [1, 2, 3, 4].map(motion);

const readers: Record<keyof typeof corpus, (text: string) => ParsedVoteText> = {
  one: (text) => parseVoteText(text, { motions: [motion(1)] }),
  four: (text) => parseVoteText(text, { motions: fourMotions }),
  email: (text) => readEmailVote(text, { motions: fourMotions, rules: DEFAULT_RULES }),
};

/** "1:for 2:against" → Map; "ask" → empty. */
function allowed(label: string): Map<number, string> {
  if (label === "ask") return new Map();
  return new Map(label.split(/\s+/).map((pair) => [Number(pair.split(":")[0]), pair.split(":")[1]!]));
}

interface Outcome {
  ballot: string;
  text: string;
  label: string;
  read: string;
  wrong: string[];
  askedBack: number[];
}

function run(ballot: keyof typeof corpus, [text, label]: Entry): Outcome {
  const parsed = readers[ballot](text);
  const expected = allowed(label);
  const wrong = parsed.choices.filter((c) => expected.get(c.motion) !== c.option).map((c) => `${c.motion}:${c.option}`);
  const read = new Set(parsed.choices.map((c) => c.motion));
  const askedBack = [...expected.keys()].filter((n) => !read.has(n));
  return { ballot, text, label, read: parsed.choices.map((c) => `${c.motion}:${c.option}`).join(" ") || "ask", wrong, askedBack };
}

const ballots = Object.keys(corpus) as Array<keyof typeof corpus>;
const all = ballots.flatMap((b) => [
  ...corpus[b].plain.map((e) => ({ ballot: b, entry: e, plain: true })),
  ...corpus[b].other.map((e) => ({ ballot: b, entry: e, plain: false })),
]);

describe("the labelled vote corpus", () => {
  it("holds at least 200 replies, each with a label the ballot can have", () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    for (const { ballot, entry } of all) {
      expect(entry[1], entry[0]).toMatch(/^(?:ask|[1-4]:(?:for|against|abstain)(?: [1-4]:(?:for|against|abstain))*)$/);
      if (ballot === "one")
        expect(
          [...allowed(entry[1]).keys()].every((n) => n === 1),
          entry[0],
        ).toBe(true);
    }
  });

  it("records no wrong choice anywhere", () => {
    const wrong = all.map(({ ballot, entry }) => run(ballot, entry)).filter((o) => o.wrong.length > 0);
    expect(wrong.map((o) => `[${o.ballot}] ${JSON.stringify(o.text)}: read ${o.read}, label ${o.label}`)).toEqual([]);
  });

  it("reads every plain reply exactly as labelled", () => {
    const missed = all
      .filter((e) => e.plain)
      .map(({ ballot, entry }) => run(ballot, entry))
      .filter((o) => o.askedBack.length > 0);
    expect(missed.map((o) => `[${o.ballot}] ${JSON.stringify(o.text)}: read ${o.read}, label ${o.label}`)).toEqual([]);
  });

  it("reads nothing once any plain reply is hedged, before or after (conservative by construction)", () => {
    const before = ["概ね", "たぶん", "条件付きで", "一応", "Probably "];
    const after = ["かもしれません", "と思います", "とは言えません", "（仮）", " if amended", "…"];
    // One-sentence replies, so the hedge lands on the answer (「一応総務課の田中です。賛成」 hedges the greeting).
    const variants = ballots.flatMap((ballot) =>
      corpus[ballot].plain
        .map(([text]) => text)
        .filter((text) => !/[。!！\n]./.test(text.trim()))
        .flatMap((text) => [...before.map((h) => h + text), ...after.map((h) => text + h)].map((variant) => ({ ballot, variant }))),
    );
    const read = variants
      .filter(({ ballot, variant }) => readers[ballot](variant).choices.length > 0)
      .map((v) => `[${v.ballot}] ${v.variant}`);
    expect(variants.length).toBeGreaterThan(700);
    expect(read).toEqual([]);
  });

  it("asks back instead of reading a clear choice only where the wording is unusual (counted)", () => {
    const outcomes = all.filter((e) => !e.plain).map(({ ballot, entry }) => run(ballot, entry));
    const cautious = outcomes.filter((o) => o.askedBack.length > 0);
    // Printed so a change to the reader shows what it gained or lost; the ceiling keeps it from growing.
    console.info(
      `vote corpus: ${all.length} replies, ${cautious.length} asked back where the label would allow a reading:\n` +
        cautious.map((o) => `  [${o.ballot}] ${JSON.stringify(o.text)} → ${o.read} (label ${o.label})`).join("\n"),
    );
    expect(cautious.length).toBeLessThanOrEqual(30);
  });
});

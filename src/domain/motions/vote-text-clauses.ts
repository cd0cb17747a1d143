// The vote reader's first two steps: the words it knows (motion numbers, 賛成/反対/棄権 and their fixed
// spellings, 全議案, 以外, ?) as tokens, and the tokens grouped into clauses — which motions, which answer.
// parse-vote-text.ts decides what the clauses mean.
import { normalizeInput } from "../../lib/japanese/normalize.ts";
import type { ChoiceKind } from "./motion-options.ts";

export type Answer = { kind: ChoiceKind } | { label: string } | { negation: true };
export type Token =
  | { t: "ref"; numbers: number[]; start: number; end: number }
  | { t: "all"; start: number; end: number }
  | { t: "answer"; answer: Answer; start: number; end: number }
  | { t: "exception" | "question" | "strong"; start: number; end: number };

const NUM = String.raw`(\d{1,3})(?![\d年月日時分名人件回円%])`;
const NEXT_NUMBER = new RegExp(
  String.raw`\s*(?:(、|,|・|と|及び|および|並びに|and|&|/)|(〜|~|-|ー|−|–|から|to|through))\s*(?:議案\s*)?(?:第\s*)?${NUM}(?:\s*号)?(?:\s*議案)?(?:\s*まで)?`,
  "y",
);
export const REF_PATTERNS = [
  new RegExp(String.raw`第\s*${NUM}\s*号\s*議案`, "y"),
  new RegExp(String.raw`議案\s*(?:第\s*)?${NUM}(?:\s*号)?`, "y"),
  new RegExp(String.raw`${NUM}\s*号\s*議案`, "y"),
  new RegExp(String.raw`(?<![a-z])(?:motion|item)s?\s*(?:no\.?\s*)?#?${NUM}`, "y"),
];
/** A bare number names a motion only where a form would put it: at the start of a line (1. / 1: / (1)). */
const LINE_NUMBER = new RegExp(String.raw`(?<=^|\n)\s*\(?${NUM}\s*[.:)]`, "y");
/** …or anywhere once the text names motions explicitly (「議案1 賛成、2 反対」). */
const LOOSE_NUMBER = new RegExp(String.raw`(?<![\d.])${NUM}(?=\s*(?:[:.)]|は|が|も|について)?\s*\S)`, "y");

const NEG_TAIL =
  "(?:は|を|に|も)?(?:しません|しない|しかねます|しかねる|できません|できない|できかねます|出来ません|出来ない|出来かねます|いたしません|致しません|いたしかねます|致しかねます|ではありません|ではない|じゃない|でない|ではございません)";
const OBJECTION = "(?:異議|意義|異存|異論|反対意見|反対の意見)";

const WORDS: Array<[RegExp, Answer | "all" | "exception" | "question" | "strong"]> = [
  [/(?<![a-z])(?:all|everything) (?:but|except)(?![a-z])/y, "exception"],
  [
    /全議案|各議案|両議案|いずれの議案|全ての議案|すべての議案|全部の議案|議案(?:は|を)?(?:全て|すべて|全部)|全件|全部|全て|すべて|一括|いずれも|どれも|(?<![a-z])(?:all(?: (?:the )?(?:motions|items))?|every (?:motion|item))(?![a-z])/y,
    "all",
  ],
  [/以外|を除(?:き|いて|く)|除く|(?<![a-z])(?:except|other than|but not)(?![a-z])/y, "exception"],
  [/[?]/y, "question"],
  [/[。!\n]|(?<![a-z])but(?![a-z])/y, "strong"],
  [
    new RegExp(
      `${OBJECTION}(?:は|が|も)?(?:特に|とくに|一切|全く)?(?:なし|無し|ない|無い|ありません|有りません|ございません|御座いません|なく)`,
      "y",
    ),
    { kind: "for" },
  ],
  [new RegExp(`${OBJECTION}(?:は|が)?(?:あり|有り|ある|有る|ございます|御座います)`, "y"), { kind: "against" }],
  [/(?<![a-z])no objections?(?![a-z])/y, { kind: "for" }],
  [new RegExp(`(?:賛成|承認|同意|了承)${NEG_TAIL}`, "y"), { kind: "against" }],
  [/(?<![a-z])(?:do not|don't|cannot|can't|won't|will not) (?:approve|agree|support)(?![a-z])/y, { kind: "against" }],
  [new RegExp(`(?:反対|棄権)${NEG_TAIL}`, "y"), { negation: true }],
  [/(?<![a-z])not (?:against|opposed)(?![a-z])/y, { negation: true }],
];
const VOCABULARY: Array<[RegExp, ChoiceKind]> = [
  [
    /不承認|不同意|不賛成|否認|反対|(?<![a-z])(?:against|oppose[sd]?|opposing|reject(?:s|ed)?|disagree[sd]?|disapprove[sd]?|nay|no|object(?:s|ed|ion)?)(?![a-z])|[×✕✖✗]|(?<!\p{L})否(?!\p{L})/uy,
    "against",
  ],
  [/棄権|白票|(?<![a-z])(?:abstain(?:s|ed|ing)?|abstention)(?![a-z])/y, "abstain"],
  [
    /賛成|承認|同意|了承|(?<![a-z])(?:approve[sd]?|agree[sd]?|in favou?r|yes|aye|support|for)(?![a-z])|[○〇◯⭕]|(?<!\p{L})可(?!\p{L})/uy,
    "for",
  ],
];
export const DEFAULT_LABELS = new Set(["賛成", "反対", "棄権", "for", "against", "abstain"]);

export function fold(text: string): string {
  return normalizeInput(text).toLowerCase();
}

export function tokenize(text: string, labels: string[], looseNumbers: boolean): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(text);
  };
  outer: while (i < text.length) {
    for (const re of [...REF_PATTERNS, LINE_NUMBER, ...(looseNumbers ? [LOOSE_NUMBER] : [])]) {
      const m = at(re);
      if (!m) continue;
      const numbers = [Number(m[1])];
      let end = i + m[0].length;
      // 議案1、2、3 / 議案1〜3 / 第1号議案から第3号議案まで
      for (;;) {
        NEXT_NUMBER.lastIndex = end;
        const next = NEXT_NUMBER.exec(text);
        if (!next) break;
        const n = Number(next[3]);
        const from = numbers.at(-1)!;
        if (next[2] && n > from && n - from <= 50) for (let k = from + 1; k <= n; k++) numbers.push(k);
        else numbers.push(n);
        end += next[0].length;
      }
      tokens.push({ t: "ref", numbers, start: i, end });
      i = end;
      continue outer;
    }
    for (const [re, what] of WORDS) {
      const m = at(re);
      if (!m) continue;
      const span = { start: i, end: i + m[0].length };
      tokens.push(
        typeof what === "string" ? (what === "all" ? { t: "all", ...span } : { t: what, ...span }) : { t: "answer", answer: what, ...span },
      );
      i = span.end;
      continue outer;
    }
    for (const label of labels) {
      if (text.startsWith(label, i)) {
        tokens.push({ t: "answer", answer: { label }, start: i, end: i + label.length });
        i += label.length;
        continue outer;
      }
    }
    for (const [re, kind] of VOCABULARY) {
      const m = at(re);
      if (!m) continue;
      tokens.push({ t: "answer", answer: { kind }, start: i, end: i + m[0].length });
      i += m[0].length;
      continue outer;
    }
    i += 1;
  }
  return tokens;
}

export interface Clause {
  targets: number[];
  all: boolean;
  answers: Answer[];
  flags: Set<"exception" | "question">;
  start: number;
  end: number;
  sentence: number;
  /** targets were named after the answer, right next to it (「賛成：議案1、2」, "for motion 1") */
  choiceFirst: boolean;
  /** the motions an exception names, right next to it: 「議案3を除き」「議案2以外」, "except motion 3" */
  excluded: number[];
}

export const sameAnswer = (a: Answer, b: Answer) => JSON.stringify(a) === JSON.stringify(b);

export function clauses(text: string, tokens: Token[]): Clause[] {
  const out: Clause[] = [];
  let sentence = 0;
  let cur: Clause | undefined;
  let lastEnd = 0;
  let previous: Token | undefined;
  const fresh = (start: number): Clause => ({
    targets: [],
    all: false,
    answers: [],
    flags: new Set(),
    start,
    end: start,
    sentence,
    choiceFirst: false,
    excluded: [],
  });
  // "except motion 3": the exception word comes first and the motion it names right after it.
  let exceptionWaiting = false;
  // A clause's words run until the next clause or sentence begins, so what is shown back reads naturally.
  const close = (end: number) => {
    if (cur && (cur.targets.length > 0 || cur.all || cur.answers.length > 0 || cur.flags.size > 0)) out.push({ ...cur, end });
    cur = undefined;
  };
  for (const token of tokens) {
    const gap = text.slice(lastEnd, token.start);
    const waiting = exceptionWaiting;
    exceptionWaiting = false;
    if (token.t === "ref" && waiting && cur && /^\s*$/.test(gap)) {
      cur.excluded.push(...token.numbers);
    } else if (token.t === "strong") {
      close(token.start);
      sentence += 1;
    } else if (token.t === "ref" || token.t === "all") {
      const adjacentToAnswer = /^[\s:()[\]「」【】は]*$/.test(gap);
      if (
        cur &&
        cur.answers.length > 0 &&
        !(cur.targets.length === 0 && !cur.all && adjacentToAnswer) &&
        !(cur.choiceFirst && /^[\s、,・]*$/.test(gap))
      ) {
        close(token.start);
      }
      cur ??= fresh(token.start);
      if (cur.answers.length > 0) cur.choiceFirst = true;
      if (token.t === "ref") cur.targets.push(...token.numbers);
      else cur.all = true;
    } else if (token.t === "answer") {
      if (cur && (cur.targets.length > 0 || cur.all) && cur.answers.length > 0) {
        // 「議案1 賛成です、同意します」 repeats itself; a different answer starts a new clause.
        // Two different answers side by side (「議案1 賛成 反対」) contradict each other; after other words
        // ("for motion 1 and against motion 2") the second opens a new clause.
        if (cur.answers.some((a) => sameAnswer(a, token.answer)) || (previous?.t === "answer" && /^\s*$/.test(gap))) {
          if (!cur.answers.some((a) => sameAnswer(a, token.answer))) cur.answers.push(token.answer);
          lastEnd = token.end;
          previous = token;
          continue;
        }
        close(token.start);
      }
      cur ??= fresh(token.start);
      cur.answers.push(token.answer);
    } else {
      cur ??= fresh(token.start);
      cur.flags.add(token.t);
      if (token.t === "exception") {
        // 「議案3を除き」「議案2以外」: the motions named right before the word are the ones left out.
        const japanese = /以外|除/.test(text.slice(token.start, token.end));
        if (japanese && previous?.t === "ref" && /^\s*$/.test(gap)) {
          const named = previous.numbers;
          cur.targets.splice(cur.targets.length - named.length, named.length);
          cur.excluded.push(...named);
        } else if (!japanese) exceptionWaiting = true;
      }
    }
    lastEnd = token.end;
    previous = token;
  }
  close(text.length);
  return mergeSplitClauses(text, out);
}

/** 「議案1\n賛成」 (a form's two lines) and 「賛成です（議案1、2）」: a clause with only motions next to one with only an answer. */
function mergeSplitClauses(text: string, list: Clause[]): Clause[] {
  const out: Clause[] = [];
  for (let k = 0; k < list.length; k++) {
    const a = list[k]!;
    const b = list[k + 1];
    const targetsOnly = (c: Clause) => (c.targets.length > 0 || c.all) && c.answers.length === 0 && c.flags.size === 0;
    const answerOnly = (c: Clause) => c.targets.length === 0 && !c.all && c.answers.length > 0;
    if (b && targetsOnly(a) && answerOnly(b)) {
      const leftover = text
        .slice(a.start, b.start)
        .replace(/議案|第|号|\d|[\s、,・:()（）「」]|について|につき|は|の件|まで|から|〜|~|-/g, "");
      if (a.sentence === b.sentence || (b.sentence === a.sentence + 1 && leftover === "")) {
        out.push({ ...a, answers: b.answers, flags: b.flags, end: b.end });
        k += 1;
        continue;
      }
    }
    if (b && answerOnly(a) && targetsOnly(b) && a.sentence === b.sentence) {
      out.push({ ...b, answers: a.answers, start: a.start });
      k += 1;
      continue;
    }
    out.push(a);
  }
  return out;
}

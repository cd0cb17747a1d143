// Reads a vote out of what a person wrote — in chat now, in an email reply later (issue #8): 「賛成」,
// 「議案1 賛成、議案2 反対」, 「全議案賛成」, 「異議ありません」, 「第3号議案：承認します」, "motion 2: against".
// Pure and platform-free. It never guesses: a motion whose answer is missing, contradictory, negated in
// an unusual way, or hedged (「議案2以外は賛成」, a question) comes back as unclear, so the caller asks.
// Conservative by construction: a sentence is read only when every word in it is understood or neutral
// (vote-text-residue.ts); 「賛成とは言えません」「概ね賛成」「修正されれば賛成」 leave words over and are asked.
import { normalizeInput } from "../../lib/japanese/normalize.ts";
import { qualifiedSentences } from "./vote-text-residue.ts";
import type { ChoiceKind, MotionOption } from "./motion-options.ts";

export interface VoteTextMotion {
  number: number;
  /** removed from the text before reading it, so a quoted title (「…の承認について」) is not read as 承認 */
  title?: string;
  options: MotionOption[];
}

export interface VoteTextContext {
  motions: VoteTextMotion[];
  /** the motion being asked about: a bare 「賛成」 answers it */
  focus?: number;
}

export type UnclearReason =
  /** a motion is named but no answer is given for it (or nothing at all was understood) */
  | "no_choice"
  /** two different answers for one motion */
  | "conflict"
  /** a motion number the ballot does not have */
  | "unknown_motion"
  /** an answer without a motion, several motions open and none being asked about */
  | "which_motion"
  /** an answer this motion does not offer */
  | "not_an_option"
  /** a negation Kyodo does not read as a vote (「反対しません」) */
  | "negation"
  /** an exception (「議案2以外」「を除き」) */
  | "exception"
  /** the sentence is a question */
  | "question"
  /** words around the answer that may qualify, negate, condition or hedge it (「賛成とは言えません」「概ね賛成」) */
  | "qualified";

export interface VoteTextChoice {
  motion: number;
  /** the option key */
  option: string;
  kind: ChoiceKind;
  /** the words it was read from */
  phrase: string;
}

export interface VoteTextUnclear {
  reason: UnclearReason;
  /** the motions concerned (empty when none could be told) */
  motions: number[];
  phrase: string;
  /** for which_motion: the answer that was given without a motion */
  kind?: ChoiceKind;
  /** an answer word was there (賛成, 反対…), only not clearly one choice: the text was meant as a vote */
  answered?: true;
}

export interface ParsedVoteText {
  choices: VoteTextChoice[];
  unclear: VoteTextUnclear[];
}

type Answer = { kind: ChoiceKind } | { label: string } | { negation: true };
type Token =
  | { t: "ref"; numbers: number[]; start: number; end: number }
  | { t: "all"; start: number; end: number }
  | { t: "answer"; answer: Answer; start: number; end: number }
  | { t: "exception" | "question" | "strong"; start: number; end: number };

const NUM = String.raw`(\d{1,3})(?![\d年月日時分名人件回円%])`;
const NEXT_NUMBER = new RegExp(String.raw`\s*(?:(、|,|・|と|及び|および|並びに|and|&|/)|(〜|~|-|ー|−|–|から|to|through))\s*(?:議案\s*)?(?:第\s*)?${NUM}(?:\s*号)?(?:\s*議案)?(?:\s*まで)?`, "y");
const REF_PATTERNS = [
  new RegExp(String.raw`第\s*${NUM}\s*号\s*議案`, "y"),
  new RegExp(String.raw`議案\s*(?:第\s*)?${NUM}(?:\s*号)?`, "y"),
  new RegExp(String.raw`${NUM}\s*号\s*議案`, "y"),
  new RegExp(String.raw`(?<![a-z])(?:motion|item)s?\s*(?:no\.?\s*)?#?${NUM}`, "y"),
];
/** A bare number names a motion only where a form would put it: at the start of a line (1. / 1: / (1)). */
const LINE_NUMBER = new RegExp(String.raw`(?<=^|\n)\s*\(?${NUM}\s*[.:)]`, "y");
/** …or anywhere once the text names motions explicitly (「議案1 賛成、2 反対」). */
const LOOSE_NUMBER = new RegExp(String.raw`(?<![\d.])${NUM}(?=\s*(?:[:.)]|は|が|も|について)?\s*\S)`, "y");

const NEG_TAIL = "(?:は|を|に|も)?(?:しません|しない|しかねます|しかねる|できません|できない|できかねます|出来ません|出来ない|出来かねます|いたしません|致しません|いたしかねます|致しかねます|ではありません|ではない|じゃない|でない|ではございません)";
const OBJECTION = "(?:異議|意義|異存|異論|反対意見|反対の意見)";

const WORDS: Array<[RegExp, Answer | "all" | "exception" | "question" | "strong"]> = [
  [/(?<![a-z])(?:all|everything) (?:but|except)(?![a-z])/y, "exception"],
  [/全議案|各議案|両議案|いずれの議案|全ての議案|すべての議案|全部の議案|議案(?:は|を)?(?:全て|すべて|全部)|全件|全部|全て|すべて|一括|いずれも|どれも|(?<![a-z])(?:all(?: (?:the )?(?:motions|items))?|every (?:motion|item))(?![a-z])/y, "all"],
  [/以外|を除(?:き|いて|く)|除く|(?<![a-z])(?:except|other than|but not)(?![a-z])/y, "exception"],
  [/[?]/y, "question"],
  [/[。!\n]|(?<![a-z])but(?![a-z])/y, "strong"],
  [new RegExp(`${OBJECTION}(?:は|が|も)?(?:特に|とくに|一切|全く)?(?:なし|無し|ない|無い|ありません|有りません|ございません|御座いません|なく)`, "y"), { kind: "for" }],
  [new RegExp(`${OBJECTION}(?:は|が)?(?:あり|有り|ある|有る|ございます|御座います)`, "y"), { kind: "against" }],
  [/(?<![a-z])no objections?(?![a-z])/y, { kind: "for" }],
  [new RegExp(`(?:賛成|承認|同意|了承)${NEG_TAIL}`, "y"), { kind: "against" }],
  [/(?<![a-z])(?:do not|don't|cannot|can't|won't|will not) (?:approve|agree|support)(?![a-z])/y, { kind: "against" }],
  [new RegExp(`(?:反対|棄権)${NEG_TAIL}`, "y"), { negation: true }],
  [/(?<![a-z])not (?:against|opposed)(?![a-z])/y, { negation: true }],
];
const VOCABULARY: Array<[RegExp, ChoiceKind]> = [
  [/不承認|不同意|不賛成|否認|反対|(?<![a-z])(?:against|oppose[sd]?|opposing|reject(?:s|ed)?|disagree[sd]?|disapprove[sd]?|nay|no|object(?:s|ed|ion)?)(?![a-z])|[×✕✖✗]|(?<!\p{L})否(?!\p{L})/uy, "against"],
  [/棄権|白票|(?<![a-z])(?:abstain(?:s|ed|ing)?|abstention)(?![a-z])/y, "abstain"],
  [/賛成|承認|同意|了承|(?<![a-z])(?:approve[sd]?|agree[sd]?|in favou?r|yes|aye|support|for)(?![a-z])|[○〇◯⭕]|(?<!\p{L})可(?!\p{L})/uy, "for"],
];
const DEFAULT_LABELS = new Set(["賛成", "反対", "棄権", "for", "against", "abstain"]);

function fold(text: string): string {
  return normalizeInput(text).toLowerCase();
}

function tokenize(text: string, labels: string[], looseNumbers: boolean): Token[] {
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
      tokens.push(typeof what === "string" ? (what === "all" ? { t: "all", ...span } : { t: what, ...span }) : { t: "answer", answer: what, ...span });
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

interface Clause {
  targets: number[];
  all: boolean;
  answers: Answer[];
  flags: Set<"exception" | "question">;
  start: number;
  end: number;
  sentence: number;
  /** targets were named after the answer, right next to it (「賛成：議案1、2」, "for motion 1") */
  choiceFirst: boolean;
}

const sameAnswer = (a: Answer, b: Answer) => JSON.stringify(a) === JSON.stringify(b);

function clauses(text: string, tokens: Token[]): Clause[] {
  const out: Clause[] = [];
  let sentence = 0;
  let cur: Clause | undefined;
  let lastEnd = 0;
  let previous: Token | undefined;
  const fresh = (start: number): Clause => ({ targets: [], all: false, answers: [], flags: new Set(), start, end: start, sentence, choiceFirst: false });
  // A clause's words run until the next clause or sentence begins, so what is shown back reads naturally.
  const close = (end: number) => {
    if (cur && (cur.targets.length > 0 || cur.all || cur.answers.length > 0 || cur.flags.size > 0)) out.push({ ...cur, end });
    cur = undefined;
  };
  for (const token of tokens) {
    const gap = text.slice(lastEnd, token.start);
    if (token.t === "strong") {
      close(token.start);
      sentence += 1;
    } else if (token.t === "ref" || token.t === "all") {
      const adjacentToAnswer = /^[\s:()[\]「」【】は]*$/.test(gap);
      if (cur && cur.answers.length > 0 && !(cur.targets.length === 0 && !cur.all && adjacentToAnswer) && !(cur.choiceFirst && /^[\s、,・]*$/.test(gap))) {
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
      const leftover = text.slice(a.start, b.start).replace(/議案|第|号|\d|[\s、,・:()（）「」]|について|につき|は|の件|まで|から|〜|~|-/g, "");
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

export function parseVoteText(input: string, context: VoteTextContext): ParsedVoteText {
  // Quoted lines (「> 全議案に賛成」) are someone else's words, in chat as in mail.
  let text = fold(input)
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => !/^\s*>/.test(line))
    .join("\n");
  for (const motion of context.motions) {
    const title = motion.title ? fold(motion.title) : "";
    if (title.length >= 4) text = text.split(title).join(" ");
  }
  const customLabels = [...new Set(context.motions.flatMap((m) => m.options.flatMap((o) => [fold(o.ja), fold(o.en)])))]
    .filter((l) => !DEFAULT_LABELS.has(l))
    .sort((a, b) => b.length - a.length);
  const explicit = REF_PATTERNS.some((re) => new RegExp(re.source, "g").test(text));
  const tokens = tokenize(text, customLabels, explicit);
  const qualified = qualifiedSentences(
    text,
    tokens.filter((t) => t.t !== "strong"),
    tokens.filter((t) => t.t === "strong"),
  );
  const known = new Map(context.motions.map((m) => [m.number, m]));
  const allNumbers = context.motions.map((m) => m.number);

  const unclear: VoteTextUnclear[] = [];
  type Assigned = { option: string; kind: ChoiceKind; phrase: string; specific: boolean };
  const assigned = new Map<number, Assigned[]>();
  const blocked = new Set<number>();

  const sentencesRead = new Set<number>();
  for (const clause of clauses(text, tokens)) {
    sentencesRead.add(clause.sentence);
    const phrase = text.slice(clause.start, clause.end).trim().replace(/[、,\s]+$/, "");
    const unknown = [...new Set(clause.targets.filter((n) => !known.has(n)))];
    if (unknown.length > 0) unclear.push({ reason: "unknown_motion", motions: unknown, phrase });
    let targets = [...new Set(clause.targets.filter((n) => known.has(n)))];
    const specific = targets.length > 0;
    if (clause.all) targets = [...new Set([...targets, ...allNumbers])];
    const flagged = clause.flags.has("exception") ? "exception" : clause.flags.has("question") ? "question" : undefined;
    const block = (reason: UnclearReason, motions: number[], kind?: ChoiceKind) => {
      motions.forEach((n) => blocked.add(n));
      const answered = clause.answers.length > 0 && reason !== "which_motion";
      unclear.push({ reason, motions, phrase, ...(kind ? { kind } : {}), ...(answered ? { answered: true as const } : {}) });
    };
    if (flagged) {
      // An exception (「議案2以外は賛成」) speaks of the other motions too, so none of them is read.
      block(flagged, flagged === "exception" || targets.length === 0 ? allNumbers : targets);
      continue;
    }
    const hedged = qualified.get(clause.sentence);
    if (clause.answers.length === 0) {
      if (targets.length > 0) unclear.push({ reason: "no_choice", motions: targets, phrase });
      // 「議案2は保留です」 also keeps 議案2 out of 「全議案賛成」 said elsewhere.
      if (hedged !== undefined) targets.forEach((n) => blocked.add(n));
      continue;
    }
    const distinct = clause.answers.filter((a, k) => clause.answers.findIndex((b) => sameAnswer(a, b)) === k);
    if (targets.length === 0 && unknown.length > 0) continue;
    // A bare answer goes to the motion being asked about, or to the only motion there is.
    const aim = context.focus !== undefined && known.has(context.focus) ? context.focus : allNumbers.length === 1 ? allNumbers[0] : undefined;
    if (hedged !== undefined) {
      block("qualified", targets.length > 0 ? targets : aim !== undefined ? [aim] : allNumbers);
      continue;
    }
    if (distinct.some((a) => "negation" in a)) {
      block("negation", targets.length > 0 ? targets : aim !== undefined ? [aim] : []);
      continue;
    }
    if (targets.length === 0) {
      const answer = distinct[0]!;
      if (aim === undefined) {
        if (distinct.length === 1 && "kind" in answer) block("which_motion", [], answer.kind);
        else block(distinct.length > 1 ? "conflict" : "which_motion", []);
        continue;
      }
      targets = [aim];
    }
    if (distinct.length > 1) {
      block("conflict", targets);
      continue;
    }
    const answer = distinct[0]!;
    if ("negation" in answer) continue; // handled above; narrows the type
    for (const n of targets) {
      const options = known.get(n)!.options;
      const matches = "label" in answer ? options.filter((o) => fold(o.ja) === answer.label || fold(o.en) === answer.label) : options.filter((o) => o.counts === answer.kind);
      if (matches.length !== 1) {
        block("not_an_option", [n]);
        continue;
      }
      const option = matches[0]!;
      const list = assigned.get(n) ?? [];
      list.push({ option: option.key, kind: option.counts, phrase, specific: specific && clause.targets.includes(n) });
      assigned.set(n, list);
    }
  }

  // A sentence with nothing read in it that is not neutral either (「ただし条件付きです」) may qualify any
  // answer in the text, so none is read.
  for (const [sentence, words] of qualified) {
    if (sentencesRead.has(sentence) || words === "") continue;
    allNumbers.forEach((n) => blocked.add(n));
    unclear.push({ reason: "qualified", motions: allNumbers, phrase: words });
  }

  const choices: VoteTextChoice[] = [];
  for (const n of allNumbers) {
    const list = assigned.get(n);
    if (!list || blocked.has(n)) continue;
    // 「全議案賛成、ただし議案2は反対」: what is said of one motion by number outranks what is said of all.
    const specific = list.filter((a) => a.specific);
    const pool = specific.length > 0 ? specific : list;
    const options = new Set(pool.map((a) => a.option));
    if (options.size > 1) {
      unclear.push({ reason: "conflict", motions: [n], phrase: pool.map((a) => a.phrase).join(" / ") });
      continue;
    }
    const first = pool[0]!;
    choices.push({ motion: n, option: first.option, kind: first.kind, phrase: first.phrase });
  }
  const chosen = new Set(choices.map((c) => c.motion));
  const remaining = unclear
    // A motion named without an answer in one place and answered in another is answered.
    .map((u) => (u.reason === "no_choice" ? { ...u, motions: u.motions.filter((n) => !chosen.has(n)) } : u))
    .filter((u) => u.reason !== "no_choice" || u.motions.length > 0);
  if (choices.length === 0 && remaining.length === 0) {
    remaining.push({ reason: "no_choice", motions: context.focus !== undefined ? [context.focus] : [], phrase: fold(input) });
  }
  return { choices, unclear: remaining };
}

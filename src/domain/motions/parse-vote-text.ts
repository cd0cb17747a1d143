// Reads a vote out of what a person wrote, in chat and in an email reply alike: 「賛成」,
// 「議案1 賛成、議案2 反対」, 「全議案賛成」, 「異議ありません」, 「第3号議案：承認します」, "motion 2: against",
// 「議案3を除き賛成」. Pure and platform-free. It never guesses: a motion whose answer is missing,
// contradictory, negated in an unusual way, hedged, or asked about comes back as unclear, so the caller asks.
// Conservative by construction: a sentence is read only when every word in it is understood or neutral
// (vote-text-residue.ts); 「賛成とは言えません」「概ね賛成」「修正されれば賛成」 leave words over and are asked.
import type { ChoiceKind, MotionOption } from "./motion-options.ts";
import { clauses, DEFAULT_LABELS, fold, REF_PATTERNS, sameAnswer, tokenize, type Answer, type Clause } from "./vote-text-clauses.ts";
import { qualifiedSentences } from "./vote-text-residue.ts";

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
  /** an exception that is not plain enough to read (「議案1と、議案2以外は賛成」, 「議案2以外は賛成？」) */
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
    const phrase = text
      .slice(clause.start, clause.end)
      .trim()
      .replace(/[、,\s]+$/, "");
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
    const hedged = qualified.get(clause.sentence);
    // With other motions named too (「議案1と、議案2以外は賛成」) it is not clear which the exception excludes.
    if (
      flagged === "exception" &&
      !clause.flags.has("question") &&
      hedged === undefined &&
      !specific &&
      readException(clause, allNumbers, phrase)
    )
      continue;
    if (flagged) {
      // An exception that names no motion next to it, or with a question or a hedge, speaks of the other
      // motions too, so none of them is read.
      block(flagged, flagged === "exception" || targets.length === 0 ? allNumbers : targets);
      continue;
    }
    if (clause.answers.length === 0) {
      if (targets.length > 0) unclear.push({ reason: "no_choice", motions: targets, phrase });
      // 「議案2は保留です」 also keeps 議案2 out of 「全議案賛成」 said elsewhere.
      if (hedged !== undefined) targets.forEach((n) => blocked.add(n));
      continue;
    }
    const distinct = clause.answers.filter((a, k) => clause.answers.findIndex((b) => sameAnswer(a, b)) === k);
    if (targets.length === 0 && unknown.length > 0) continue;
    // A bare answer goes to the motion being asked about, or to the only motion there is.
    const aim =
      context.focus !== undefined && known.has(context.focus) ? context.focus : allNumbers.length === 1 ? allNumbers[0] : undefined;
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
    assign(targets, answer, phrase, (n) => specific && clause.targets.includes(n));
  }

  /**
   * 「議案3を除き賛成」「議案2以外は賛成」"for all except motion 3": one plain answer for every motion but
   * the ones named next to the exception, as 「全議案賛成」 would give it; those are asked about unless
   * answered on their own (「議案3以外は賛成、議案3は反対」).
   */
  function readException(clause: Clause, base: number[], phrase: string): boolean {
    const excluded = [...new Set(clause.excluded)];
    const distinct = clause.answers.filter((a, k) => clause.answers.findIndex((b) => sameAnswer(a, b)) === k);
    const answer = distinct[0];
    const rest = base.filter((n) => !excluded.includes(n));
    if (
      excluded.length === 0 ||
      !excluded.every((n) => known.has(n)) ||
      distinct.length !== 1 ||
      !answer ||
      "negation" in answer ||
      rest.length === 0
    )
      return false;
    assign(rest, answer, phrase, () => false);
    unclear.push({ reason: "no_choice", motions: excluded, phrase });
    return true;
  }

  function assign(numbers: number[], answer: Exclude<Answer, { negation: true }>, phrase: string, isSpecific: (n: number) => boolean) {
    for (const n of numbers) {
      const options = known.get(n)!.options;
      const matches =
        "label" in answer
          ? options.filter((o) => fold(o.ja) === answer.label || fold(o.en) === answer.label)
          : options.filter((o) => o.counts === answer.kind);
      if (matches.length !== 1) {
        blocked.add(n);
        unclear.push({ reason: "not_an_option", motions: [n], phrase, answered: true });
        continue;
      }
      const option = matches[0]!;
      const list = assigned.get(n) ?? [];
      list.push({ option: option.key, kind: option.counts, phrase, specific: isSpecific(n) });
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

// What is left of a sentence once the vote reader has taken out the words it understood (motion numbers,
// 賛成/反対/棄権 and their fixed spellings). The reader is conservative by construction: a sentence is
// read as a vote only when what is left is made of neutral words — particles, politeness, greetings —
// from the short list below. Anything else (「とは言えません」「は困難です」「に至らない」「概ね」
// 「修正されれば」「わけではない」, "if amended") may qualify, negate, condition or hedge the answer, so
// the sentence is asked back instead of read. New hedges need no new pattern: they are simply not on the
// list. Only words that cannot change what an answer means belong here; never add ない, ず, ぬ, not, if.
//
// Why not a morphological analyzer: kuromoji 0.1.2 (the maintained-enough npm choice; last release 2018)
// ships its IPADIC dictionary in the package (40 MB installed, 18 MB dict), and on this 2-core machine took
// 3.9 s and ~360 MB RSS to load, then ~0.8 ms per sentence. It splits 「賛成は困難です」 into
// 賛成/は/困難/です correctly, but deciding that 困難 hedges still needs a list — of the words that are
// safe, which is this one. The hand reader costs ~75 µs per reply (the corpus of test/motions) and
// nothing at start-up, and fails safe: an unknown word means "ask back", never a vote.

/** Punctuation and spacing (after NFKC: ： → :, （ → (, ！ → !). Not 「…」: 「賛成…」 trails off. */
const PUNCTUATION = String.raw`[\s、,.。:;・/()\[\]「」『』【】"'“”‘’\-–—~〜※]+`;

/**
 * Neutral Japanese words, longest first so a greedy read takes the whole word. Particles on their own are
 * safe because every word they could join (「言え」「困難」「難しい」「至ら」) is itself not on the list.
 */
const JAPANESE = [
  // greetings and closings that surround a vote in chat and mail
  "いつもお世話になっております",
  "お世話になっております",
  "お世話になります",
  "お疲れ様でございます",
  "お疲れ様です",
  "お疲れさまです",
  "ご連絡ありがとうございます",
  "ありがとうございます",
  "取り急ぎご連絡まで",
  "取り急ぎ",
  "ご確認ください",
  "ご確認願います",
  "よろしくお願い申し上げます",
  "よろしくお願いいたします",
  "よろしくお願い致します",
  "よろしくお願いします",
  "宜しくお願いいたします",
  "宜しくお願い致します",
  "宜しくお願いします",
  "お願い申し上げます",
  "お願いいたします",
  "お願い致します",
  "お願いします",
  "以上です",
  "以上",
  // what a mail says about itself: 「以下のとおり回答します」「表決書を添付します」「確認しました」
  "以下のとおり",
  "以下の通り",
  "下記のとおり",
  "下記の通り",
  "次のとおり",
  "表決書",
  "添付",
  "確認",
  "拝見",
  "変更",
  // who is speaking and what about
  "特に",
  "とくに",
  "全く",
  "一切",
  "全面的に",
  "大",
  "私としては",
  "私は",
  "わたしは",
  "当方は",
  "本議案",
  "当該議案",
  "本件",
  "議案",
  "原案どおり",
  "原案通り",
  "原案のとおり",
  "原案",
  "表決",
  "投票",
  "回答",
  "意思表示",
  "意見",
  // politeness and the plain verb endings of a statement
  "させていただきます",
  "させて頂きます",
  "申し上げます",
  "でございます",
  "であります",
  "いたします",
  "致します",
  "いたしました",
  "致しました",
  "しました",
  "します",
  "とします",
  "である",
  "です",
  "ます",
  "する",
  // the grammar that ties a motion to its answer, and 「ただし議案2は…」 (what follows is read on its own)
  "につきましては",
  "については",
  "に関しては",
  "に対しては",
  "について",
  "につき",
  "に関して",
  "に対して",
  "に対し",
  "の件",
  "ただし",
  "但し",
  "なお",
  "また",
  "は",
  "が",
  "も",
  "を",
  "に",
  "で",
  "と",
  "の",
  "へ",
  // 「第1号議案に賛成し、第3号議案に反対します」: the joining form of する; しない/しかねる are read as
  // answers before this list is consulted, and しがたい/しよう/しても leave unlisted words over.
  "し、",
  "し,",
];

/** Words that join into a concession (「賛成でも」「賛成しても」) or trail off (「賛成…」): never neutral. */
const NEVER_NEUTRAL = /でも|ても|\.{2,}|…|‥/;

/** Neutral English words; each must end a word, so "i" never eats the start of "if". */
const ENGLISH = [
  "dear secretariat",
  "dear all",
  "best regards",
  "kind regards",
  "regards",
  "thank you",
  "thanks",
  "hello",
  "hi",
  "dear",
  "please",
  "i would like to",
  "i'd like to",
  "i am",
  "i'm",
  "i will",
  "i",
  "we",
  "my",
  "our",
  "vote",
  "votes",
  "voting",
  "is",
  "am",
  "to",
  "the",
  "on",
  "of",
  "and",
  "with",
  "as",
  "here",
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const NEUTRAL = new RegExp([PUNCTUATION, ...JAPANESE.map(escape), ...ENGLISH.map((w) => `${escape(w)}(?![a-z'])`)].join("|"), "y");

/**
 * 「総務課の田中です」「田中と申します」「鎌ケ谷市 渡辺」「事務局 御中」: who writes to whom, in a mail.
 * The office and the name must be apart (の or a space), so 「一部保留です」 is not taken for 一部 + 保留.
 */
const NAME = String.raw`[\p{Script=Han}\p{Script=Katakana}\p{N}ー・]`;
const SELF_INTRODUCTION = new RegExp(
  String.raw`^[\s、。]*(?:` +
    String.raw`${NAME}{0,20}(?:課|部|局|室|係|所|庁|市|町|村|区|県|府|都|会|委員|議員|事務局|センター)(?:の|\s+)${NAME}{1,10}(?:です|でございます|と申します)` +
    // a signature line: 「千葉市 総務課 佐藤」 (not 部, so 「一部 保留」 is not one)
    String.raw`|(?:${NAME}{1,10}\s+){0,2}${NAME}{0,10}(?:市|町|村|区|県|課|係|室|局)\s+${NAME}{1,6}` +
    String.raw`|${NAME}{1,10}と申します|${NAME}{1,20}\s*御中)[\s、。]*$`,
  "u",
);

/**
 * True when the words are all neutral. Read greedily, one listed word after another, without going back:
 * linear in the length, and a word the list does not cover simply fails — the safe direction.
 */
export function isNeutral(words: string): boolean {
  if (NEVER_NEUTRAL.test(words)) return false;
  let i = 0;
  while (i < words.length) {
    NEUTRAL.lastIndex = i;
    const m = NEUTRAL.exec(words);
    if (!m || m[0].length === 0) return false;
    i += m[0].length;
  }
  return true;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * The sentences (between the given breaks) whose words outside the understood spans are not all neutral,
 * each with its text. Sentence k runs from the end of break k-1 to the start of break k, so the numbering
 * matches the reader's clauses. Spans and breaks come in text order and do not overlap (the tokenizer's
 * output), so one pass over them is enough.
 */
export function qualifiedSentences(text: string, understood: Span[], breaks: Span[]): Map<number, string> {
  const out = new Map<number, string>();
  const bounds = [{ start: 0, end: 0 }, ...breaks, { start: text.length, end: text.length }];
  let next = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]!.end;
    const to = bounds[k + 1]!.start;
    let at = from;
    let inside = 0;
    let clean = true;
    while (next < understood.length && understood[next]!.start < to) {
      const span = understood[next]!;
      next += 1;
      if (span.start < from) continue;
      clean &&= isNeutral(text.slice(at, span.start));
      at = span.end;
      inside += 1;
    }
    const rest = text.slice(at, to);
    // A sentence with nothing understood in it may be a self-introduction; otherwise each gap on its own.
    clean &&= inside === 0 ? SELF_INTRODUCTION.test(rest) || isNeutral(rest) : isNeutral(rest);
    if (!clean) out.set(k, text.slice(from, to).trim());
  }
  return out;
}

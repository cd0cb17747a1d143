// What is left of a sentence once the vote reader has taken out the words it understood (motion numbers,
// 賛成/反対/棄権 and their fixed spellings). The reader is conservative by construction: a sentence is
// read as a vote only when what is left is made of neutral words — particles, politeness, greetings —
// from the short list below. Anything else (「とは言えません」「は困難です」「に至らない」「概ね」
// 「修正されれば」「わけではない」, "if amended") may qualify, negate, condition or hedge the answer, so
// the sentence is asked back instead of read. New hedges need no new pattern: they are simply not on the
// list. Only words that cannot change what an answer means belong here; never add ない, ず, ぬ, not, if.

/** Punctuation and spacing (after NFKC: ： → :, （ → (, ！ → !). */
const PUNCTUATION = String.raw`[\s、,.。:;・/()\[\]「」『』【】"'“”‘’\-–—~〜…※]+`;

/**
 * Neutral Japanese words, longest first so a greedy read takes the whole word. Particles on their own are
 * safe because every word they could join (「言え」「困難」「難しい」「至ら」) is itself not on the list.
 */
const JAPANESE = [
  // greetings and closings that surround a vote in chat and mail
  "いつもお世話になっております", "お世話になっております", "お世話になります", "お疲れ様でございます", "お疲れ様です", "お疲れさまです",
  "ご連絡ありがとうございます", "ありがとうございます", "取り急ぎご連絡まで", "取り急ぎ", "ご確認ください", "ご確認願います",
  "よろしくお願い申し上げます", "よろしくお願いいたします", "よろしくお願い致します", "よろしくお願いします", "宜しくお願いいたします", "宜しくお願い致します", "宜しくお願いします",
  "お願い申し上げます", "お願いいたします", "お願い致します", "お願いします", "以上です", "以上",
  // what a mail says about itself: 「以下のとおり回答します」「表決書を添付します」「確認しました」
  "以下のとおり", "以下の通り", "下記のとおり", "下記の通り", "次のとおり", "表決書", "添付", "確認", "拝見", "変更",
  // who is speaking and what about
  "特に", "とくに", "全く", "一切", "私としては", "私は", "わたしは", "当方は", "本議案", "当該議案", "本件", "議案", "原案どおり", "原案通り", "原案のとおり", "原案",
  "表決", "投票", "回答", "意思表示", "意見",
  // politeness and the plain verb endings of a statement
  "させていただきます", "させて頂きます", "申し上げます", "でございます", "であります", "いたします", "致します", "いたしました", "致しました",
  "しました", "します", "とします", "である", "です", "ます", "する",
  // the grammar that ties a motion to its answer, and 「ただし議案2は…」 (what follows is read on its own)
  "につきましては", "については", "に関しては", "に対しては", "について", "につき", "に関して", "に対して", "に対し", "の件", "ただし", "但し", "なお", "また",
  "は", "が", "も", "を", "に", "で", "と", "の", "へ",
];

/** Neutral English words; each must end a word, so "i" never eats the start of "if". */
const ENGLISH = [
  "dear secretariat", "dear all", "best regards", "kind regards", "regards", "thank you", "thanks", "hello", "hi", "dear", "please",
  "i would like to", "i'd like to", "i am", "i'm", "i will", "i", "we", "my", "our", "vote", "votes", "voting", "is", "am", "to", "the", "on", "of", "and", "with", "as", "here",
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const NEUTRAL = new RegExp(
  [PUNCTUATION, ...JAPANESE.map(escape), ...ENGLISH.map((w) => `${escape(w)}(?![a-z'])`)].join("|"),
  "y",
);

/**
 * 「総務課の田中です」「田中と申します」「鎌ケ谷市 渡辺」「事務局 御中」: who writes to whom, in a mail.
 * The office and the name must be apart (の or a space), so 「一部保留です」 is not taken for 一部 + 保留.
 */
const NAME = String.raw`[\p{Script=Han}\p{Script=Katakana}\p{N}ー・]`;
const SELF_INTRODUCTION = new RegExp(
  String.raw`^[\s、。]*(?:${NAME}{0,20}(?:課|部|局|室|係|所|庁|市|町|村|区|県|府|都|会|委員|議員|事務局|センター)(?:の|\s+)${NAME}{1,10}(?:です|でございます|と申します)?|${NAME}{1,10}と申します|${NAME}{1,20}\s*御中)[\s、。]*$`,
  "u",
);

/**
 * True when the words are all neutral. Read greedily, one listed word after another, without going back:
 * linear in the length, and a word the list does not cover simply fails — the safe direction.
 */
export function isNeutral(words: string): boolean {
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
 * matches the reader's clauses.
 */
export function qualifiedSentences(text: string, understood: Span[], breaks: Span[]): Map<number, string> {
  const out = new Map<number, string>();
  const bounds = [{ end: 0 } as Span, ...breaks, { start: text.length, end: text.length }];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]!.end;
    const to = bounds[k + 1]!.start;
    const inside = understood.filter((s) => s.start >= from && s.end <= to).sort((a, b) => a.start - b.start);
    let at = from;
    const leftovers: string[] = [];
    for (const span of inside) {
      leftovers.push(text.slice(at, span.start));
      at = span.end;
    }
    leftovers.push(text.slice(at, to));
    // A sentence with nothing understood in it may be a self-introduction; otherwise each gap on its own.
    const clean = inside.length === 0 ? SELF_INTRODUCTION.test(leftovers[0]!) || isNeutral(leftovers[0]!) : leftovers.every(isNeutral);
    if (!clean) out.set(k, text.slice(from, to).trim());
  }
  return out;
}

// Reads what staff type as an answer: 「1」「１」「はい」「参加する」「話者識別、要約」「12ライセンス」
// 「令和9年4月1日」. Width and ヶ/ケ variants are folded first; a choice may be given by its number, its
// label (Japanese or English) or an unambiguous beginning of it. Pure functions, tested beside.
import { parseJapaneseDate, toIsoDate } from "../../lib/japanese/era.ts";
import { nameKey, normalizeInput } from "../../lib/japanese/normalize.ts";
import type { QuestionOf, SurveyOption } from "./survey-types.ts";

export type Read<T> = { ok: true; value: T } | { ok: false; key: string; vars?: Record<string, unknown> };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(key: string, vars?: Record<string, unknown>): Read<T> => ({ ok: false, key, vars });

/** Words that steer the conversation rather than answer; matched after folding width and case. */
export const NAV_WORDS = {
  back: ["戻る", "もどる", "前へ", "前に戻る", "back", "previous", "prev"],
  keep: ["そのまま", "変更なし", "同じ", "keep", "same", "unchanged"],
  skip: ["スキップ", "飛ばす", "回答しない", "skip"],
  done: ["決定", "次へ", "完了", "done", "next", "ok"],
  confirm: ["確定", "送信", "提出", "この内容で確定", "confirm", "submit", "send"],
  edit: ["修正", "訂正", "変更", "edit", "change"],
} as const;
export type NavWord = keyof typeof NAV_WORDS;

export function navWord(text: string): NavWord | undefined {
  const key = nameKey(text).replace(/[。.!！]$/, "");
  for (const [word, forms] of Object.entries(NAV_WORDS)) if (forms.some((f) => nameKey(f) === key)) return word as NavWord;
  return undefined;
}

/** One option by number (1-based), value or label; a unique beginning of a label is enough. */
export function matchOption(options: SurveyOption[], text: string): Read<string> {
  const input = normalizeInput(text);
  const numeric = /^\d+$/.test(input);
  if (numeric && Number(input) >= 1 && Number(input) <= options.length) return ok(options[Number(input) - 1]!.value);
  const key = nameKey(input.replace(/[。.!！]$/, ""));
  if (key.length === 0) return fail("surveys.answer.notAnOption");
  const names = (o: SurveyOption) => [o.value, o.label, o.labelEn].filter((s): s is string => Boolean(s)).map(nameKey);
  const exact = options.filter((o) => names(o).includes(key));
  if (exact.length === 1) return ok(exact[0]!.value);
  const partial = options.filter((o) => names(o).some((n) => n.startsWith(key)));
  if (partial.length === 1) return ok(partial[0]!.value);
  if (partial.length > 1) return fail("surveys.answer.ambiguous", { candidates: partial.map((o) => o.label).join("、") });
  // A number out of range may still be an option's name (「2027」); only then is it an unknown number.
  return numeric ? fail("surveys.answer.noSuchNumber", { max: options.length }) : fail("surveys.answer.notAnOption");
}

const YES = ["はい", "はい、", "yes", "y", "ある", "あり", "有", "要", "○", "〇", "参加する", "する"];
const NO = ["いいえ", "いえ", "no", "n", "ない", "なし", "無", "不要", "×", "参加しない", "しない"];

export function readYesNo(text: string): Read<"yes" | "no"> {
  const key = nameKey(text).replace(/[。.!！]$/, "");
  if (key === "1" || YES.some((w) => nameKey(w) === key)) return ok("yes");
  if (key === "2" || NO.some((w) => nameKey(w) === key)) return ok("no");
  return fail("surveys.answer.yesNo");
}

const NONE_WORDS = ["なし", "無し", "ない", "0", "none", "nothing"];

/** Several options at once: 「1,3」「1、3」「1 3」「話者識別・要約」; 「なし」 for none. */
export function readList(options: SurveyOption[], text: string): Read<string[]> {
  const input = normalizeInput(text);
  if (NONE_WORDS.some((w) => nameKey(w) === nameKey(input))) return ok([]);
  const parts = input.split(/[,、，・;；/／\s]+/).filter((p) => p.length > 0);
  const values: string[] = [];
  for (const part of parts) {
    const match = matchOption(options, part);
    if (!match.ok) return fail(match.key, { ...match.vars, part });
    if (!values.includes(match.value)) values.push(match.value);
  }
  return values.length > 0 ? ok(values) : fail("surveys.answer.notAnOption");
}

/** True when the text names several options (a list), as opposed to one number or one word. */
export function looksLikeList(text: string): boolean {
  return /[,、，・;；/／\s]/.test(normalizeInput(text));
}

/** 「12」「１２」「1,200」「12ライセンス」「12 licenses」「-3」「2.5」 */
export function readNumber(question: QuestionOf<"number">, text: string): Read<number> {
  let input = normalizeInput(text).replace(/\s+/g, "");
  for (const unit of [question.unit, question.unitEn, "件", "人", "名", "台", "個", "団体", "ライセンス", "円"].filter(
    Boolean,
  ) as string[]) {
    const u = normalizeInput(unit).replace(/\s+/g, "");
    if (input.toLowerCase().endsWith(u.toLowerCase()) && input.length > u.length) {
      input = input.slice(0, -u.length);
      break;
    }
  }
  input = input.replace(/[sS]$/, "");
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(input)) input = input.replace(/,/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(input)) return fail("surveys.answer.notANumber");
  const value = Number(input);
  if (question.integer && !Number.isInteger(value)) return fail("surveys.answer.notInteger");
  if (question.min !== undefined && value < question.min) return fail("surveys.answer.belowMin", { min: question.min });
  if (question.max !== undefined && value > question.max) return fail("surveys.answer.aboveMax", { max: question.max });
  return ok(value);
}

/** A date in a Japanese era or the Gregorian calendar; stored as YYYY-MM-DD. */
export function readDate(text: string): Read<string> {
  const date = parseJapaneseDate(normalizeInput(text));
  return date ? ok(toIsoDate(date)) : fail("surveys.answer.notADate");
}

export function readText(question: QuestionOf<"text">, text: string): Read<string> {
  const value = text.trim();
  if (value.length === 0) return fail("surveys.answer.emptyText");
  const length = [...value].length;
  return length > question.maxLength ? fail("surveys.answer.tooLong", { max: question.maxLength, length }) : ok(value);
}

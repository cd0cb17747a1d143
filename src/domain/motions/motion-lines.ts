// Motions typed as lines, one motion a line, for ballots written in a chat form or step by step:
// 「1 令和8年度予算の承認について」「議案2 会則の改正について」「第3号 …」 or just the title (numbered by
// position). A number needs a separator after it, so a title that starts with a year stays whole.
import type { MotionDraft } from "./check-ballot-draft.ts";

const NUMBERED =
  /^(?:(?:議案|第)\s*([0-9０-９]{1,3})\s*号?\s*[.．、,，:：)）]?|([0-9０-９]{1,3})\s*(?:号\s*[.．、,，:：)）]?|[.．、,，:：)）]|\s))\s*(.*)$/;

export function parseMotionLines(text: string): MotionDraft[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const match = line.match(NUMBERED);
      if (!match) return { title: line };
      const digits = (match[1] ?? match[2]!).normalize("NFKC");
      return { number: Number(digits), title: match[3]!.trim() };
    });
}

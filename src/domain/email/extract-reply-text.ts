// What the person wrote in a reply, without what their mail client added: the quoted ballot email (with
// or without ">" marks), the attribution line above it, the original-message block Outlook appends, and
// the signature. Votes are then read from this text only, so a quoted 「議案2 反対」 of an earlier message
// or a phone number in a signature is never read as a vote. Pure; the receiver stores what it returns.

/** A line that starts the quoted original: everything from here on is not the person's words. */
const ORIGINAL_MARKERS: RegExp[] = [
  /^-{2,}\s*(?:original message|元のメッセージ|オリジナル\s*メッセージ|forwarded message|転送されたメッセージ)\s*-{2,}$/i,
  // Outlook's separator line before "From:/差出人:"
  /^_{10,}$/,
  // Becky!, Thunderbird, Gmail, Apple Mail attributions
  /^on .{4,200} wrote:?$/i,
  /^.{0,200}(?:wrote|writes):$/i,
  /^.{0,200}(?:書きました|のメール|さんは書きました|からのメール)\s*[:：]$/,
  /^.{0,200}<[^<>\s@]+@[^<>\s]+>\s*[:：]$/,
  /^>?\s*-{2,}\s*reply above this line\s*-{2,}$/i,
];

/** Outlook's header block of the original: From / Sent / To / Subject, in English or Japanese. */
const HEADER_FIELD = /^\*?\s*(?:from|sent|date|to|cc|subject|差出人|送信者|送信日時|日時|宛先|件名|cc)\s*\*?\s*[:：]/i;

/** The start of a signature: "-- " (RFC 3676), a ruled line, or the phone's own line. */
const SIGNATURE_MARKERS: RegExp[] = [
  /^--\s?$/,
  /^[-=_*~#─━―‐－＝＊〜～☆★◆◇■□●○・+]{5,}\s*$/u,
  /^(?:sent from my .{2,40}|.{2,20}から送信|get outlook for .{2,20}|outlook for .{2,20} を入手)$/i,
];

const QUOTED = /^\s*(?:>|＞|\|)/;

function startsOriginal(lines: string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (ORIGINAL_MARKERS.some((re) => re.test(line))) return true;
  // "From: Kyodo <…>" followed within a few lines by "Sent:"/"送信日時:" or "Subject:": Outlook's block.
  if (HEADER_FIELD.test(line)) {
    const following = lines.slice(i + 1, i + 5).filter((l) => HEADER_FIELD.test(l.trim()));
    return following.length >= 2;
  }
  return false;
}

/**
 * Removes the attribution left just above a quote when the patterns above did not know it: a last line
 * ending with ":" (and the line before it, when a long address wrapped: "… Kyodo <\nkyodo@…>:").
 */
function dropAttribution(kept: string[]): void {
  while (kept.length > 0 && kept.at(-1)!.trim() === "") kept.pop();
  const last = kept.at(-1);
  if (last === undefined || !/[:：]\s*$/.test(last) || /議案|motion/i.test(last)) return;
  kept.pop();
  if (/^[^\s<>@]*@[^\s<>]*>?\s*[:：]\s*$/.test(last.trim()) && /<\s*$/.test(kept.at(-1) ?? "")) kept.pop();
}

export interface ExtractedReply {
  text: string;
  /** something was removed (quoted text, an attribution, a signature) */
  trimmed: boolean;
}

/**
 * Bounds on the work done for one reply, applied before any pattern runs. A vote by mail is a few lines;
 * whatever lies past these limits is not read (the raw message stays stored for the secretariat).
 */
export const MAX_REPLY_CHARS = 20_000;
export const MAX_LINE_CHARS = 1_000;

/** Trailing blanks of each line removed by a scan from the end: the pattern /[ \t]+$/gm this replaces
 *  retried from every blank of a long run, quadratic on a line of spaces (60 KB took 8.7 s). */
function trimLineEnds(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
      return line.slice(0, end);
    })
    .join("\n");
}

export function extractReplyText(body: string): ExtractedReply {
  const lines = body
    .slice(0, MAX_REPLY_CHARS)
    .replace(/\r\n?/g, "\n")
    .replace(/\u00a0/g, " ")
    .split("\n")
    .map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line));
  const kept: string[] = [];
  let trimmed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (startsOriginal(lines, i) || SIGNATURE_MARKERS.some((re) => re.test(line.trim()))) {
      trimmed = true;
      break;
    }
    // Quoted lines are dropped but what follows them is kept: some people answer below each quoted motion.
    if (QUOTED.test(line)) {
      if (!trimmed) dropAttribution(kept);
      trimmed = true;
      continue;
    }
    kept.push(line);
  }
  const text = trimLineEnds(kept.join("\n"))
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { text, trimmed };
}

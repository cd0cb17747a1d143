// Mattermost's limits on posts and interactive dialogs, and the helpers that keep every string inside
// them. A post's message holds 16,383 characters (runes); dialog titles and labels are checked in bytes
// of UTF-8 by the server (24 bytes is only eight Japanese characters), so those are cut by bytes.

export const MM_LIMITS = {
  /** characters of a post's message (the server's PostMessageMaxRunesV2 is 16,383; a margin for part notes) */
  messageChars: 16_000,
  /** characters of one attachment's text, kept well under the 800,000 a post's props may hold */
  attachmentChars: 8_000,
  /** neutral choices up to this many are buttons; more become a menu */
  buttons: 5,
  buttonName: 80,
  /** options in one menu; more are spread over several menus */
  menuOptions: 250,
  dialogTitleBytes: 24,
  dialogLabelBytes: 24,
  dialogHelpBytes: 150,
  dialogTextBytes: 150,
  dialogTextareaBytes: 3000,
  dialogSubmitChars: 30,
  /** a dialog's own id (its callback id) and element names */
  dialogNameBytes: 300,
} as const;

/** Cuts text to at most `max` characters (code points), ending with "…". */
export function truncateChars(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** Cuts text to at most `maxBytes` bytes of UTF-8, never inside a character, ending with "…". */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const room = maxBytes - Buffer.byteLength("…", "utf8");
  let out = "";
  let size = 0;
  for (const char of text) {
    const bytes = Buffer.byteLength(char, "utf8");
    if (size + bytes > room) break;
    out += char;
    size += bytes;
  }
  return `${out}…`;
}

/**
 * Splits text into pieces of at most `max` characters, preferring a line break, then a space, in the
 * second half of each piece.
 */
export function splitChars(text: string, max: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    if (chars.length - start <= max) {
      pieces.push(chars.slice(start).join(""));
      break;
    }
    const window = chars.slice(start, start + max);
    const half = Math.floor(max / 2);
    const newline = window.lastIndexOf("\n");
    const space = window.lastIndexOf(" ");
    const cut = newline > half ? newline : space > half ? space : max;
    pieces.push(window.slice(0, cut).join(""));
    start += cut;
    if (chars[start] === "\n" || chars[start] === " ") start += 1;
  }
  return pieces.length > 0 ? pieces : [""];
}

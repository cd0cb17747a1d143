// Slack's hard limits on what a message, modal or Home tab may contain, and the text helpers that keep
// every string inside them. Slack rejects a whole message ("invalid_blocks") when one field is too long,
// so every length is enforced here rather than hoped for. Lengths are counted in UTF-16 code units,
// which is never less than Slack's character count, so staying under them is always safe.

export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  selectOptions: 100,
  optionGroups: 100,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  plainTextInput: 3000,
  privateMetadata: 3000,
  imageAltText: 2000,
  /** the notification/fallback text of a message; Slack allows more but truncates what it shows */
  fallbackText: 3000,
} as const;

/** Neutral choices up to this many are shown as buttons; more become a select menu. */
export const MAX_BUTTONS = 5;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Reverses Slack's escaping of message text, and turns its link markup into what the person typed. */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<(?:[^>|]+)\|([^>]+)>/g, "$1")
    .replace(/<((?:https?|mailto):[^>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Cuts text to at most `max` (as counted by `weight`), ending with "…", without splitting a surrogate
 * pair.
 */
export function truncate(text: string, max: number, weight: (char: string) => number = (c) => c.length): string {
  let total = 0;
  for (const char of text) total += weight(char);
  if (total <= max) return text;
  let out = "";
  let size = 0;
  for (const char of text) {
    if (size + weight(char) > max - 1) break;
    out += char;
    size += weight(char);
  }
  return `${out}…`;
}

const plainWeight = (char: string) => char.length;

/** The length a character takes once escaped for mrkdwn. */
export const mrkdwnWeight = (char: string) => (char === "&" ? 5 : char === "<" || char === ">" ? 4 : char.length);

/**
 * Splits text into pieces of at most `max` (as counted by `weight`, e.g. the escaped length), preferring
 * a line break, then a space, in the second half of each piece, else any character boundary.
 */
export function splitText(text: string, max: number, weight: (char: string) => number = plainWeight): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let size = 0;
    let lastNewline = -1;
    let lastSpace = -1;
    while (end < chars.length && size + weight(chars[end]!) <= max) {
      size += weight(chars[end]!);
      if (chars[end] === "\n") lastNewline = end;
      else if (chars[end] === " ") lastSpace = end;
      end += 1;
    }
    if (end >= chars.length) {
      pieces.push(chars.slice(start).join(""));
      break;
    }
    if (end === start) end = start + 1; // cannot happen with real limits; never loop forever
    const half = start + (end - start) / 2;
    const cut = lastNewline > half ? lastNewline : lastSpace > half ? lastSpace : end;
    pieces.push(chars.slice(start, cut).join(""));
    start = chars[cut] === "\n" || chars[cut] === " " ? cut + 1 : cut;
  }
  return pieces.length > 0 ? pieces : [""];
}

/** Splits a list into consecutive groups of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

// In a group chat people talk to each other; Kyodo answers only what is addressed to it. LINE (groups and
// rooms) and LINE WORKS (talk rooms) have no slash commands, so a message addresses Kyodo when it starts
// with the explicit forms src/engine/parse-command.ts also accepts, compared after NFKC ("／ｋｙｏｄｏ" counts).
const PREFIXES = ["/kyodo", "/共同"];

/** Whether a group message starts with "/kyodo" or "/共同" (full-width forms too). */
export function startsWithKyodoPrefix(text: string): boolean {
  const start = text.normalize("NFKC").trimStart().toLowerCase();
  return PREFIXES.some((p) => start.startsWith(p));
}

// Recognises a command in what a person typed: "/kyodo help", "kyodo help", "／kyodo ヘルプ" typed full width or, outside a
// flow, just "help". Returns the command word and its arguments, already width-normalized.
import { splitWords } from "../lib/japanese/normalize.ts";

export const COMMAND_PREFIXES = ["/kyodo", "kyodo", "/共同", "共同"];

export interface ParsedCommand {
  word: string;
  args: string[];
  /** true when the text carried the /kyodo prefix, i.e. it is certainly meant as a command */
  explicit: boolean;
}

export function parseCommand(text: string): ParsedCommand | undefined {
  const words = splitWords(text);
  if (words.length === 0) return undefined;
  const first = words[0]!.toLowerCase();
  if (COMMAND_PREFIXES.includes(first)) {
    const [word, ...args] = words.slice(1);
    return { word: word ?? "help", args, explicit: true };
  }
  const [word, ...args] = words;
  return { word: word!, args, explicit: false };
}

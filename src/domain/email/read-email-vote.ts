// Reads the vote in a reply to a ballot email. The words are read exactly as in chat (parseVoteText),
// with one difference that comes from the medium: in chat Kyodo asks about one motion at a time, so a bare
// 「異議ありません」 answers the motion being asked; an email asks about the whole ballot, and a reply that
// says nothing but one answer — 「異議ありません」「賛成です」 — answers every motion, as it would on a
// paper form returned with one word. Only where the ballot allows changes: the receipt lists each motion,
// so a misreading can be corrected; where votes are final, Kyodo asks instead.
import { parseVoteText, type ParsedVoteText } from "../motions/parse-vote-text.ts";
import type { LoadedBallot } from "../motions/find-ballot.ts";

export function readEmailVote(text: string, ballot: Pick<LoadedBallot, "motions" | "rules">): ParsedVoteText {
  const motions = ballot.motions.map((m) => ({ number: m.number, title: m.title, options: m.options }));
  const parsed = parseVoteText(text, { motions });
  const only = parsed.unclear[0];
  if (
    !ballot.rules.allowChange ||
    parsed.choices.length > 0 ||
    parsed.unclear.length !== 1 ||
    only?.reason !== "which_motion" ||
    !only.kind
  )
    return parsed;
  const kind = only.kind;
  const choices = ballot.motions.map((m) => ({ motion: m.number, options: m.options.filter((o) => o.counts === kind) }));
  // A motion whose options do not have exactly one of that kind cannot be answered by it: ask instead.
  if (choices.some((c) => c.options.length !== 1)) return parsed;
  return { choices: choices.map((c) => ({ motion: c.motion, option: c.options[0]!.key, kind, phrase: only.phrase })), unclear: [] };
}

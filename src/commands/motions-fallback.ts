// A voter who just got a ballot notice often replies with nothing but 「賛成です」 or 「全議案賛成」. When the
// person holds a seat on exactly one open ballot and the text reads as a vote, it is taken as a vote on
// that ballot (the voting conversation then shows the receipt or asks about what was unclear). So is a vote
// that could not be read (「賛成は困難です」): it is asked back there, never recorded. Anything else is left
// to the usual "unknown command" answer.
import type { TextFallback } from "../engine/registry.ts";
import { ballotsAwaitingPerson } from "../domain/motions/find-ballot.ts";
import { parseVoteText } from "../domain/motions/parse-vote-text.ts";
import { splitWords } from "../lib/japanese/normalize.ts";
import { VOTE_FLOW } from "./motions-render.ts";

export const voteTextFallback: TextFallback = async (ctx, text) => {
  const awaiting = await ballotsAwaitingPerson(ctx.db, ctx.actor!.councilId, ctx.actor!.personId, ctx.now);
  if (awaiting.length !== 1) return undefined;
  const { ballot } = awaiting[0]!;
  const parsed = parseVoteText(text, { motions: ballot.motions.map((m) => ({ number: m.number, title: m.title, options: m.options })) });
  if (parsed.choices.length === 0 && !parsed.unclear.some((u) => u.answered)) return undefined;
  return { startFlow: VOTE_FLOW, args: [String(ballot.number), ...splitWords(text)] };
};

// Records what a reply (or the secretariat's reading of it) says, through the same use case as chat votes,
// with channel "email" and the message's id in the audit log. Like voteByText, unclear motions are never
// recorded; the difference is only how the words are read (see read-email-vote.ts).
import type { Db } from "../../storage/database.ts";
import { castVotes, type VoteReceipt } from "../motions/cast-votes.ts";
import type { LoadedBallot } from "../motions/find-ballot.ts";
import type { ParsedVoteText } from "../motions/parse-vote-text.ts";
import { readEmailVote } from "./read-email-vote.ts";

export async function voteByEmail(
  db: Db,
  input: { ballot: LoadedBallot; personId: string; seatId: string; text: string; sourceRef: string },
  now: Date,
): Promise<{ parsed: ParsedVoteText; receipt: VoteReceipt | undefined }> {
  const parsed = readEmailVote(input.text, input.ballot);
  if (parsed.choices.length === 0) return { parsed, receipt: undefined };
  const choices = parsed.choices.map((c) => ({ motionNumber: c.motion, option: c.option }));
  const receipt = await castVotes(
    db,
    { ballotId: input.ballot.id, personId: input.personId, seatId: input.seatId, choices, channel: "email", sourceRef: input.sourceRef },
    now,
  );
  return { parsed, receipt };
}

// Voting from free text on any channel: a chat message, or (issue #8) the body of an email reply once its
// quoted text and signature are removed. What is clear is recorded through castVotes with the channel it
// came from; what is unclear comes back, recorded as nothing, for the caller to ask about.
import type { Db } from "../../storage/database.ts";
import { castVotes, type VoteReceipt } from "./cast-votes.ts";
import { loadBallot } from "./find-ballot.ts";
import { parseVoteText, type ParsedVoteText } from "./parse-vote-text.ts";

export interface VoteByTextInput {
  ballotId: string;
  personId: string;
  /** required when the person holds more than one seat on the ballot's roll */
  seatId?: string;
  text: string;
  /** "email", or the chat platform */
  channel: string;
  /** e.g. the email's Message-ID, kept in the audit log */
  sourceRef?: string;
  /** the motion being asked about, if any: a bare 「賛成」 answers it */
  focus?: number;
}

export async function voteByText(db: Db, input: VoteByTextInput, now: Date): Promise<{ parsed: ParsedVoteText; receipt: VoteReceipt | undefined }> {
  const ballot = await loadBallot(db, input.ballotId);
  const parsed = parseVoteText(input.text, { motions: ballot.motions.map((m) => ({ number: m.number, title: m.title, options: m.options })), focus: input.focus });
  if (parsed.choices.length === 0) return { parsed, receipt: undefined };
  const receipt = await castVotes(
    db,
    { ballotId: ballot.id, personId: input.personId, seatId: input.seatId, choices: parsed.choices.map((c) => ({ motionNumber: c.motion, option: c.option })), channel: input.channel, sourceRef: input.sourceRef },
    now,
  );
  return { parsed, receipt };
}

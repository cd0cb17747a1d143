// Tallies one motion under its ballot's rules. Pure: the close use case feeds it the roll and the current
// votes, and stores what it returns, so the outcome can be recomputed and checked from the record.
import { z } from "zod";
import { readJsonColumn } from "../../lib/json-column.ts";
import { quorumRequired, votesRequired, type BallotRules } from "./ballot-rules.ts";
import type { ChoiceKind, MotionOption } from "./motion-options.ts";

export type Outcome = "passed" | "rejected" | "no_quorum";

export interface TallyInput {
  rules: BallotRules;
  options: MotionOption[];
  /** seats entitled to vote on this motion: the ballot's roll without recused seats */
  roll: Array<{ seatId: string; chair: boolean }>;
  /** current, non-stale votes: seat → option key. Votes of seats not on the roll are ignored. */
  votes: ReadonlyMap<string, string>;
}

export interface SeatResult {
  seatId: string;
  /** the option voted, or null when the seat did not vote */
  choice: string | null;
  /** counted as 賛成 because it did not answer and the ballot has deemed consent */
  deemed: boolean;
}

export interface TallyResult {
  eligible: number;
  /** seats that voted (any option) */
  voted: number;
  /** seats counted as 賛成 by deemed consent */
  deemed: number;
  /** votes per option key (deemed consent not included) */
  counts: Record<string, number>;
  for: number;
  against: number;
  abstain: number;
  quorumRequired: number;
  quorumMet: boolean;
  /** votes the threshold is measured against */
  denominator: number;
  /** votes for needed to pass */
  required: number;
  /** 可否同数: as many for as against (majority threshold only) */
  tie: boolean;
  /** the tie was decided by the chair's vote */
  decidedByChair: boolean;
  outcome: Outcome;
  seats: SeatResult[];
}

const count = z.number().int().min(0);
/** Motion.tally as recorded at close: the numbers the result and the minutes are made from. */
const tallyResultSchema = z.object({
  eligible: count,
  voted: count,
  deemed: count,
  counts: z.record(z.string(), count),
  for: count,
  against: count,
  abstain: count,
  quorumRequired: z.number().min(0),
  quorumMet: z.boolean(),
  denominator: z.number().min(0),
  required: z.number().min(0),
  tie: z.boolean(),
  decidedByChair: z.boolean(),
  outcome: z.enum(["passed", "rejected", "no_quorum"]),
  seats: z.array(z.object({ seatId: z.string(), choice: z.string().nullable(), deemed: z.boolean() })),
});

export function readTally(text: string, where: string): TallyResult {
  return readJsonColumn(tallyResultSchema, text, where);
}

export function tallyMotion(input: TallyInput): TallyResult {
  const { rules, options, roll, votes } = input;
  const kindOf = new Map(options.map((o) => [o.key, o.counts]));
  const counts: Record<string, number> = Object.fromEntries(options.map((o) => [o.key, 0]));
  const byKind: Record<ChoiceKind, number> = { for: 0, against: 0, abstain: 0 };
  const seats: SeatResult[] = [];
  let chairKind: ChoiceKind | undefined;
  for (const seat of roll) {
    const choice = votes.get(seat.seatId);
    const kind = choice === undefined ? undefined : kindOf.get(choice);
    if (choice !== undefined && kind) {
      counts[choice] = (counts[choice] ?? 0) + 1;
      byKind[kind] += 1;
      if (seat.chair) chairKind = kind;
      seats.push({ seatId: seat.seatId, choice, deemed: false });
    } else {
      // An unknown key cannot come from the vote use case; it is treated as no vote rather than guessed.
      seats.push({ seatId: seat.seatId, choice: null, deemed: rules.deemedConsent });
    }
  }
  const voted = byKind.for + byKind.against + byKind.abstain;
  const eligible = roll.length;
  const deemed = rules.deemedConsent ? eligible - voted : 0;
  const forVotes = byKind.for + deemed;
  // Deemed consent makes every silent seat a participant, so the quorum is measured on both.
  const participating = voted + deemed;
  const quorum = quorumRequired(rules.quorum, eligible);
  const quorumMet = eligible > 0 && participating >= quorum;
  const denominator = forVotes + byKind.against + (rules.abstentionsInDenominator ? byKind.abstain : 0);
  const required = votesRequired(rules.threshold, denominator);
  const passed = denominator > 0 && forVotes >= required;
  const tie = rules.threshold === "majority" && !passed && forVotes > 0 && forVotes === byKind.against;

  let outcome: Outcome = passed ? "passed" : "rejected";
  let decidedByChair = false;
  if (tie && rules.castingVote && (chairKind === "for" || chairKind === "against")) {
    // 可否同数のときは議長の決するところによる: the chair's own vote decides. A chair who abstained or did not
    // vote leaves the tie standing, and a motion without a majority is not passed.
    outcome = chairKind === "for" ? "passed" : "rejected";
    decidedByChair = true;
  }
  if (!quorumMet) outcome = "no_quorum";
  return {
    eligible,
    voted,
    deemed,
    counts,
    for: forVotes,
    against: byKind.against,
    abstain: byKind.abstain,
    quorumRequired: quorum,
    quorumMet,
    denominator,
    required,
    tie,
    decidedByChair,
    outcome,
    seats,
  };
}

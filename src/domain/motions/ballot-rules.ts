// The rules a ballot is decided by, fixed when it is created and shown to every voter. Defaults follow
// the usual wording of council by-laws (会則): 「出席者の過半数で決し、可否同数のときは議長の決するところによる」,
// with a written vote counting as attendance, and the ballot meeting only when a majority of seats take part.
import { readJsonColumn } from "../../lib/json-column.ts";
import { z } from "zod";

/** Share of the roll that must take part: 過半数 (more than half), 半数以上 (at least half), 3分の2以上, or none. */
export const QUORUM_RULES = ["majority", "half", "two_thirds", "none"] as const;
/** Votes for needed: 過半数 (more than half of the denominator), 3分の2以上, or 全会一致 (no vote against). */
export const THRESHOLDS = ["majority", "two_thirds", "unanimity"] as const;

export const ballotRulesSchema = z
  .object({
    quorum: z.enum(QUORUM_RULES).default("majority"),
    threshold: z.enum(THRESHOLDS).default("majority"),
    /** true: abstentions are part of the votes cast (出席者の過半数), so an abstention weighs like a no */
    abstentionsInDenominator: z.boolean().default(true),
    /** メール審議 style: a seat that has not objected by the deadline is counted as 賛成 */
    deemedConsent: z.boolean().default(false),
    /** on a tie (可否同数) under a majority threshold, the chair's vote decides */
    castingVote: z.boolean().default(true),
    /** a seat may change its vote until the ballot closes (each change is a new record) */
    allowChange: z.boolean().default(true),
    /** close as soon as every seat has voted on every motion, without waiting for the deadline */
    earlyClose: z.boolean().default(true),
  })
  .strict();

export type BallotRules = z.infer<typeof ballotRulesSchema>;
export type QuorumRule = (typeof QUORUM_RULES)[number];
export type Threshold = (typeof THRESHOLDS)[number];

export const DEFAULT_RULES: BallotRules = ballotRulesSchema.parse({});

/** Ballot.rules as stored; `where` names the row when it cannot be read. */
export function parseRules(json: string, where = "Ballot.rules"): BallotRules {
  return readJsonColumn(ballotRulesSchema, json, where);
}

/** Seats that must take part for the ballot to stand on a motion, out of `eligible`. */
export function quorumRequired(rule: QuorumRule, eligible: number): number {
  switch (rule) {
    case "majority":
      return Math.floor(eligible / 2) + 1;
    case "half":
      return Math.ceil(eligible / 2);
    case "two_thirds":
      return Math.ceil((eligible * 2) / 3);
    case "none":
      return 0;
  }
}

/** Votes for needed to pass, out of `denominator` votes counted. Zero counted votes can never pass. */
export function votesRequired(threshold: Threshold, denominator: number): number {
  if (denominator === 0) return 1;
  switch (threshold) {
    case "majority":
      return Math.floor(denominator / 2) + 1;
    case "two_thirds":
      return Math.ceil((denominator * 2) / 3);
    case "unanimity":
      return denominator;
  }
}

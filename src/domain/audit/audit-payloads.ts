// The payloads `audit verify` replays, as schemas: what a vote, a survey submission, a cost share and a settlement
// write into the log, and what the replay reads back. Writers are typed by them (appendAuditEntry), and the replay
// parses with them, so the two cannot drift apart; a payload that does not parse is named by verify, not skipped.
import { z } from "zod";

export const votePayload = z.object({
  seatId: z.string(),
  bodyId: z.string(),
  capacity: z.string(),
  channel: z.string(),
  sourceRef: z.string().nullable(),
  receipt: z.string(),
  votes: z.array(
    z.object({
      voteId: z.string(),
      motion: z.number(),
      motionId: z.string(),
      version: z.number(),
      choice: z.string(),
      replaces: z.string().nullable(),
    }),
  ),
});

export const submissionPayload = z.object({
  bodyId: z.string(),
  submissionId: z.string(),
  receiptCode: z.string(),
  replaces: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()),
});

export const costSharePayload = z.object({
  number: z.number(),
  title: z.string(),
  total: z.string(),
  bodies: z.number(),
  /** body id → amount in yen (integer string) */
  amounts: z.record(z.string(), z.string()),
});

export const settlementPayload = z.object({
  number: z.number(),
  title: z.string(),
  revenue: z.string(),
  expenses: z.string(),
  balance: z.string(),
  refunds: z.number(),
});

/** Actions whose payload has a declared shape; every other action's payload is free-form JSON. */
export const REPLAYED_PAYLOADS = {
  "motions.vote": votePayload,
  "surveys.submit": submissionPayload,
  "money.shares.create": costSharePayload,
  "money.settlement.create": settlementPayload,
} as const;

export type ReplayedAction = keyof typeof REPLAYED_PAYLOADS;
export type PayloadOf<A extends string> = A extends ReplayedAction ? z.input<(typeof REPLAYED_PAYLOADS)[A]> : Record<string, unknown>;

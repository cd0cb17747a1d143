// Replays the audit log into the state it says the council is in: every vote with its choice and which one is
// current per seat and motion, every survey submission with its answers and which one is current per body, every
// cost share's amounts and every settlement's balance. verify-audit-log.ts compares this with the tables, so a
// row changed directly in the database (not through Kyodo) is found even though the chain itself is intact.

export interface ReplayedVote {
  motionId: string;
  seatId: string;
  choice: string;
}

export interface ReplayedSubmission {
  surveyId: string;
  bodyId: string;
  /** the answers as JSON text, exactly as Kyodo stored them */
  answers: string;
}

export interface ReplayedState {
  votes: Map<string, ReplayedVote>;
  /** "<motionId>:<seatId>" → the current vote's id */
  currentVotes: Map<string, string>;
  submissions: Map<string, ReplayedSubmission>;
  /** "<surveyId>:<bodyId>" → the current submission's id */
  currentSubmissions: Map<string, string>;
  /** cost share id → body id → amount in yen */
  shares: Map<string, Map<string, string>>;
  /** settlement id → balance in yen */
  settlements: Map<string, string>;
}

import type { z } from "zod";
import { readJsonColumn, StoredJsonError } from "../../lib/json-column.ts";
import { costSharePayload, REPLAYED_PAYLOADS, settlementPayload, submissionPayload, votePayload } from "./audit-payloads.ts";

interface Entry {
  seq: number;
  action: string;
  subject: string;
  payload: string;
}

function idFrom(subject: string, kind: string): string | undefined {
  return subject.startsWith(`${kind}:`) ? subject.slice(kind.length + 1) : undefined;
}

export class AuditStateReplayer {
  readonly state: ReplayedState = {
    votes: new Map(),
    currentVotes: new Map(),
    submissions: new Map(),
    currentSubmissions: new Map(),
    shares: new Map(),
    settlements: new Map(),
  };
  /** entries whose payload is not the declared shape: the replay cannot vouch for what they changed */
  readonly unreadable: number[] = [];

  push(entry: Entry): void {
    if (!(entry.action in REPLAYED_PAYLOADS)) return;
    let read: ReadEntry | undefined;
    try {
      read = readEntry(entry);
    } catch (error) {
      if (!(error instanceof StoredJsonError)) throw error;
      this.unreadable.push(entry.seq);
      return;
    }
    if (read) replay(this.state, entry, read);
  }
}

/** An entry's payload read through its action's schema: the action narrows the payload's type, no casts. */
type ReadEntry =
  | { action: "motions.vote"; payload: z.output<typeof votePayload> }
  | { action: "surveys.submit"; payload: z.output<typeof submissionPayload> }
  | { action: "money.shares.create"; payload: z.output<typeof costSharePayload> }
  | { action: "money.settlement.create"; payload: z.output<typeof settlementPayload> };

/** Throws StoredJsonError when the payload is not JSON or not the declared shape of its action. */
function readEntry(entry: Entry): ReadEntry | undefined {
  const where = `AuditEntry ${entry.seq}.payload`;
  switch (entry.action) {
    case "motions.vote":
      return { action: entry.action, payload: readJsonColumn(votePayload, entry.payload, where) };
    case "surveys.submit":
      return { action: entry.action, payload: readJsonColumn(submissionPayload, entry.payload, where) };
    case "money.shares.create":
      return { action: entry.action, payload: readJsonColumn(costSharePayload, entry.payload, where) };
    case "money.settlement.create":
      return { action: entry.action, payload: readJsonColumn(settlementPayload, entry.payload, where) };
    default:
      return undefined;
  }
}

function replay(state: ReplayedState, entry: Entry, read: ReadEntry): void {
  switch (read.action) {
    case "motions.vote": {
      const vote = read.payload;
      for (const v of vote.votes) {
        state.votes.set(v.voteId, { motionId: v.motionId, seatId: vote.seatId, choice: v.choice });
        state.currentVotes.set(`${v.motionId}:${vote.seatId}`, v.voteId);
      }
      return;
    }
    case "surveys.submit": {
      const surveyId = idFrom(entry.subject, "survey");
      if (!surveyId) return;
      const submission = read.payload;
      state.submissions.set(submission.submissionId, { surveyId, bodyId: submission.bodyId, answers: JSON.stringify(submission.answers) });
      state.currentSubmissions.set(`${surveyId}:${submission.bodyId}`, submission.submissionId);
      return;
    }
    case "money.shares.create": {
      const shareId = idFrom(entry.subject, "costShare");
      if (shareId) state.shares.set(shareId, new Map(Object.entries(read.payload.amounts)));
      return;
    }
    case "money.settlement.create": {
      const settlementId = idFrom(entry.subject, "settlement");
      if (settlementId) state.settlements.set(settlementId, read.payload.balance);
      return;
    }
    default: {
      const unreachable: never = read;
      return unreachable;
    }
  }
}

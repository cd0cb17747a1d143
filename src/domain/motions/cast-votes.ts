// Casting votes: one seat answers one or more motions of a ballot, from any channel (console, Slack,
// LINE, and email in issue #8). Votes are append-only — a change adds a row and moves the current flag,
// both in one transaction, and a unique key on the current vote makes the database itself refuse a
// second current vote of a seat, so concurrent votes are never lost or doubled. When the last seat has
// voted and the ballot allows it, the ballot closes right away.
import type { Db } from "../../storage/database.ts";
import type { MotionVote } from "../../storage/generated/client.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import type { PayloadOf } from "../audit/audit-payloads.ts";
import { DomainError } from "../errors.ts";
import { defineEvent } from "../events/domain-events.ts";
import { ballotUnchanged } from "./ballot-unchanged.ts";
import { closeBallot } from "./close-ballot.ts";
import { ballotPhase, findMotion, loadBallot, seatsHeldOnBallot, type LoadedBallot, type LoadedMotion } from "./find-ballot.ts";
import { countedVoteKeys, countsAsVote } from "./counted-vote.ts";
import { findOption } from "./motion-options.ts";
import { newReceiptCode } from "./receipt-code.ts";

export interface CastVotesInput {
  ballotId: string;
  personId: string;
  /** required when the person holds more than one seat on the ballot's roll */
  seatId?: string;
  choices: Array<{ motionNumber: number; option: string }>;
  /** where the votes came from: the chat platform ("console", "slack", "line"), or "email" */
  channel: string;
  /** e.g. an email's Message-ID, kept in the audit log */
  sourceRef?: string;
  /** the ballot as the caller loaded it just before: used when the transaction finds it unchanged, instead of
   *  loading it again (ballot-unchanged.ts) */
  loaded?: LoadedBallot;
}

export interface RecordedVote {
  motionNumber: number;
  motionTitle: string;
  option: string;
  /** the option this vote replaced, when it changed one */
  previous?: string;
  /** the replaced vote had gone stale after an edit */
  reconfirmed: boolean;
}

export type RefusedReason = "recused" | "change_not_allowed";

export interface VoteReceipt {
  ballot: LoadedBallot;
  seat: { seatId: string; bodyId: string; bodyName: string; capacity: "representative" | "alternate" };
  receipt: string | undefined;
  castAt: Date;
  recorded: RecordedVote[];
  /** the same choice was already the seat's current vote: nothing added */
  unchanged: Array<{ motionNumber: number; option: string }>;
  refused: Array<{ motionNumber: number; reason: RefusedReason }>;
  /** the ballot closed because this was the last vote */
  closed: boolean;
  /** the seat's current votes on the ballot once this vote is recorded */
  seatVotes: MotionVote[];
}

const RETRIES = 5;

/** Published once votes are recorded (email receipts to the seat's holders subscribe, in src/features.ts). */
export const voteCast = defineEvent<{ receipt: VoteReceipt; vote: { personId: string; channel: string }; at: Date }>("motions.voteCast");

export async function castVotes(db: Db, input: CastVotesInput, now: Date): Promise<VoteReceipt> {
  const receipt = await castWithRetries(db, input, now);
  // The vote is recorded and audited already; a reaction that fails (a receipt that cannot be queued) must not
  // make it look as if the vote failed.
  await voteCast.publish(db, { receipt, vote: { personId: input.personId, channel: input.channel }, at: now });
  return receipt;
}

async function castWithRetries(db: Db, input: CastVotesInput, now: Date): Promise<VoteReceipt> {
  let attempt = 0;
  for (;;) {
    try {
      const receipt = await castOnce(db, input, now);
      if (receipt.recorded.length > 0 && receipt.ballot.rules.earlyClose && (await everySeatHasVoted(db, receipt.ballot.id))) {
        receipt.closed = (await closeBallot(db, receipt.ballot.id, now, "all_voted")).closedNow;
      }
      return receipt;
    } catch (error) {
      // Another vote of the same seat won the race for the current flag (or the database was busy):
      // read again and redo the whole vote, which then sees the other one.
      const code = (error as { code?: string }).code;
      const busy = /SQLITE_BUSY|database is locked/.test(String((error as Error).message));
      if ((code === "P2002" || code === "P2034" || busy) && ++attempt < RETRIES) continue;
      throw error;
    }
  }
}

async function castOnce(db: Db, input: CastVotesInput, now: Date): Promise<VoteReceipt> {
  return db.$transaction(async (tx) => {
    const known = input.loaded?.id === input.ballotId ? input.loaded : undefined;
    const ballot = known && (await ballotUnchanged(tx, known)) ? known : await loadBallot(tx, input.ballotId);
    const phase = ballotPhase(ballot, now);
    if (phase === "scheduled") throw new DomainError("motions.notOpenYet", { number: ballot.number });
    if (phase !== "open") throw new DomainError("motions.closed", { number: ballot.number });
    const held = await seatsHeldOnBallot(tx, ballot, input.personId, now);
    if (held.length === 0) throw new DomainError("motions.notAVoter", { number: ballot.number, organ: ballot.organName });
    const seat = input.seatId ? held.find((s) => s.seatId === input.seatId) : held.length === 1 ? held[0] : undefined;
    if (!seat) throw new DomainError("motions.whichSeat", { bodies: held.map((s) => s.bodyName).join("、") });

    const receipt = newReceiptCode();
    const result: VoteReceipt = {
      ballot,
      seat,
      receipt,
      castAt: now,
      recorded: [],
      unchanged: [],
      refused: [],
      closed: false,
      seatVotes: [],
    };
    const audit: PayloadOf<"motions.vote">["votes"] = [];
    // The seat's current votes on the ballot, in one read rather than one per motion chosen; the receipt
    // carries them as they stand after this vote, so the answer need not read them again.
    const currents = await tx.motionVote.findMany({ where: { ballotId: ballot.id, seatId: seat.seatId, current: true } });
    const currentOf = new Map(currents.map((v) => [v.motionId, v]));
    const after = new Map(currentOf);
    const pending: Array<{ motion: LoadedMotion; option: string; current: MotionVote | undefined }> = [];
    const seen = new Set<number>();
    for (const choice of input.choices) {
      if (seen.has(choice.motionNumber)) throw new DomainError("motions.duplicateChoice", { motion: choice.motionNumber });
      seen.add(choice.motionNumber);
      const motion = findMotion(ballot, choice.motionNumber);
      if (!findOption(motion.options, choice.option))
        throw new DomainError("motions.badOption", { motion: motion.number, option: choice.option });
      if (motion.recusedSeatIds.has(seat.seatId)) {
        result.refused.push({ motionNumber: motion.number, reason: "recused" });
        continue;
      }
      const current = currentOf.get(motion.id);
      // A stale vote, or one for an option the motion does not have, is no vote: the seat may cast it now.
      if (current && countsAsVote(motion, current)) {
        if (current.choice === choice.option) {
          result.unchanged.push({ motionNumber: motion.number, option: choice.option });
          continue;
        }
        if (!ballot.rules.allowChange) {
          result.refused.push({ motionNumber: motion.number, reason: "change_not_allowed" });
          continue;
        }
      }
      pending.push({ motion, option: choice.option, current });
    }
    // All the seat's replaced votes lose the current flag first (its unique key allows one current vote per
    // motion and seat), then the new votes go in: two statements however many motions, not two per motion.
    const replaced = pending.flatMap((p) => (p.current ? [p.current.id] : []));
    if (replaced.length > 0)
      await tx.motionVote.updateMany({ where: { id: { in: replaced } }, data: { current: false, currentKey: null } });
    const created =
      pending.length === 0
        ? []
        : await tx.motionVote.createManyAndReturn({
            data: pending.map(({ motion, option }) => ({
              ballotId: ballot.id,
              motionId: motion.id,
              seatId: seat.seatId,
              bodyId: seat.bodyId,
              personId: input.personId,
              capacity: seat.capacity,
              choice: option,
              channel: input.channel,
              motionVersion: motion.version,
              current: true,
              currentKey: `${motion.id}:${seat.seatId}`,
              receipt,
              castAt: now,
            })),
          });
    // One new vote per motion (a motion chosen twice was refused above): matched by motion, whatever order
    // the database returns them in.
    const createdFor = new Map(created.map((v) => [v.motionId, v]));
    for (const { motion, option, current } of pending) {
      const vote = createdFor.get(motion.id)!;
      after.set(motion.id, vote);
      result.recorded.push({
        motionNumber: motion.number,
        motionTitle: motion.title,
        option,
        previous: current && countsAsVote(motion, current) ? current.choice : undefined,
        reconfirmed: Boolean(current?.stale),
      });
      audit.push({
        voteId: vote.id,
        motion: motion.number,
        motionId: motion.id,
        version: motion.version,
        choice: option,
        replaces: current?.id ?? null,
      });
    }
    result.seatVotes = [...after.values()];
    if (audit.length > 0) {
      await appendAuditEntry(tx, {
        actor: `person:${input.personId}`,
        action: "motions.vote",
        subject: `ballot:${ballot.id}`,
        at: now,
        payload: {
          seatId: seat.seatId,
          bodyId: seat.bodyId,
          capacity: seat.capacity,
          channel: input.channel,
          sourceRef: input.sourceRef ?? null,
          receipt,
          votes: audit,
        },
      });
    } else {
      result.receipt = undefined;
    }
    return result;
  });
}

/** Every seat on the roll has a counted (current, not stale, for one of the motion's options) vote on every motion it is not recused from. */
export async function everySeatHasVoted(db: Db, ballotId: string): Promise<boolean> {
  const ballot = await loadBallot(db, ballotId);
  const votes = await db.motionVote.findMany({
    where: { ballotId, current: true, stale: false },
    select: { motionId: true, seatId: true, choice: true, stale: true },
  });
  const cast = countedVoteKeys(ballot.motions, votes);
  return ballot.motions.every((m) => ballot.roll.every((s) => m.recusedSeatIds.has(s.seatId) || cast.has(`${m.id}:${s.seatId}`)));
}

/** The seat's current votes on a ballot, for 「自分の表決」 and receipts. */
export async function seatVotes(db: Db, ballotId: string, seatId: string) {
  return db.motionVote.findMany({ where: { ballotId, seatId, current: true } });
}

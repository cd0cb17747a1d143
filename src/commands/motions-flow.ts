// The voting conversation: pick the ballot (and the seat, for someone holding two), read it, then vote
// with buttons — all motions at once or one by one — or by typing 「全議案賛成」「議案1 賛成、議案2 反対」.
// Whatever is clear is recorded and receipted at once; anything unclear is asked back, never guessed.
import { z } from "zod";
import type { Context } from "../engine/context.ts";
import type { CommandResult, FlowDefinition, FlowInput, FlowStep } from "../engine/definitions.ts";
import { FLOW_ACTION_PREFIX } from "../engine/definitions.ts";
import { refusalMessage, textMessage, type OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { castVotes, type CastVotesInput } from "../domain/motions/cast-votes.ts";
import { motionLabel, unclearKey } from "../domain/motions/ballot-text.ts";
import {
  ballotLabel,
  ballotPhase,
  ballotsAwaitingPerson,
  findBallot,
  loadBallot,
  readBallotNumber,
  seatsHeldOnBallot,
  type LoadedBallot,
} from "../domain/motions/find-ballot.ts";
import type { ChoiceKind } from "../domain/motions/motion-options.ts";
import { parseVoteText, type UnclearReason, type VoteTextUnclear } from "../domain/motions/parse-vote-text.ts";
import { nameKey, normalizeInput } from "../lib/japanese/normalize.ts";
import { parseCommand } from "../engine/parse-command.ts";
import { UserError } from "../lib/user-error.ts";
import {
  ballotCard,
  changeQuestion,
  councilZone,
  motionQuestion,
  optionList,
  overviewQuestion,
  receiptMessage,
  remainingMotions,
  VOTE_FLOW,
  VOTE_WORDS,
  whichMotionQuestion,
  type CurrentVote,
  type SeatHeld,
} from "./motions-render.ts";

interface VoteData extends Record<string, unknown> {
  ballotId: string;
  seatId: string;
  /** the motion being asked about: a bare 「賛成」 answers it */
  focus?: number;
}

const done = (...replies: OutboundMessage[]): FlowStep => ({ replies });
const ask = (data: VoteData, ...replies: OutboundMessage[]): FlowStep => ({ replies, next: { step: "vote", data } });

async function seatVotes(ctx: Context, ballot: LoadedBallot, seatId: string): Promise<Map<number, CurrentVote>> {
  return byMotionNumber(ballot, await ctx.db.motionVote.findMany({ where: { ballotId: ballot.id, seatId, current: true } }));
}

function byMotionNumber(ballot: LoadedBallot, rows: Array<CurrentVote & { motionId: string }>): Map<number, CurrentVote> {
  const numberOf = new Map(ballot.motions.map((m) => [m.id, m.number]));
  return new Map(rows.map((v) => [numberOf.get(v.motionId)!, v]));
}

/** Why a ballot cannot take this vote now, or undefined when it can. */
function notOpen(ctx: Context, ballot: LoadedBallot, zone: string): OutboundMessage | undefined {
  const phase = ballotPhase(ballot, ctx.now);
  if (phase === "open") return undefined;
  if (phase === "scheduled")
    return textMessage(
      ctx.t("motions.notOpenYetAt", { label: ballotLabel(ballot), opens: formatInstant(ballot.opensAt, zone, ctx.locale) }),
    );
  return textMessage(ctx.t("motions.closedSee", { number: ballot.number }));
}

/** The next question for this seat: how to answer, the next motion, or what to change. `answering` are
 * motions the same message answers, about to be recorded. */
async function nextQuestion(
  ctx: Context,
  ballot: LoadedBallot,
  seatId: string,
  first: boolean,
  answering: Set<number> = new Set(),
): Promise<{ message: OutboundMessage; focus?: number }> {
  const remaining = remainingMotions(ballot, seatId, await seatVotes(ctx, ballot, seatId)).filter((m) => !answering.has(m.number));
  if (remaining.length === 0) return { message: changeQuestion(ctx, ballot, seatId) };
  if (first && remaining.length > 1) return { message: overviewQuestion(ctx, ballot) };
  return { message: motionQuestion(ctx, ballot, remaining[0]!), focus: remaining[0]!.number };
}

async function withSeat(ctx: Context, ballot: LoadedBallot, seat: SeatHeld, text: string | undefined): Promise<FlowStep> {
  const zone = await councilZone(ctx);
  const data: VoteData = { ballotId: ballot.id, seatId: seat.seatId };
  if (text) return answerText(ctx, ballot, seat, data, text);
  const card = ballotCard(ctx, ballot, seat, await seatVotes(ctx, ballot, seat.seatId), zone);
  const next = await nextQuestion(ctx, ballot, seat.seatId, true);
  return ask({ ...data, focus: next.focus }, card, next.message);
}

async function begin(ctx: Context, ballot: LoadedBallot, text: string | undefined): Promise<FlowStep> {
  const closed = notOpen(ctx, ballot, await councilZone(ctx));
  if (closed) return done(closed);
  const held = await seatsHeldOnBallot(ctx.db, ballot, ctx.actor!.personId, ctx.now);
  if (held.length === 0) return done(textMessage(ctx.t("motions.notAVoter", { number: ballot.number, organ: ballot.organName })));
  if (held.length === 1) return withSeat(ctx, ballot, held[0]!, text);
  const prompt = ctx.t("motions.askSeat", { label: ballotLabel(ballot) });
  return {
    replies: [
      {
        text: prompt,
        blocks: [
          {
            type: "choices",
            actionId: `${FLOW_ACTION_PREFIX}${VOTE_FLOW}`,
            prompt,
            choices: held.map((s) => ({ label: s.bodyName, value: s.seatId })),
          },
        ],
      },
    ],
    next: { step: "seat", data: { ballotId: ballot.id, text: text ?? "" } },
  };
}

async function cast(
  ctx: Context,
  ballot: LoadedBallot,
  seat: SeatHeld,
  data: VoteData,
  choices: CastVotesInput["choices"],
  extra: OutboundMessage[] = [],
): Promise<FlowStep> {
  let receipt;
  try {
    receipt = await castVotes(
      ctx.db,
      { ballotId: ballot.id, personId: ctx.actor!.personId, seatId: seat.seatId, choices, channel: ctx.ref.platform, loaded: ballot },
      ctx.now,
    );
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // Refused, and said so: the pressed button is not shown as chosen. A closed ballot ends the
    // conversation; anything else (the seat or delegation changed while the person was answering) may
    // be put right by the secretariat, so the same question stays open and the same button can be pressed again.
    const refusal = refusalMessage(ctx.t(error.key, error.vars));
    return error.key === "motions.closed" ? done(refusal) : ask(data, refusal);
  }
  const replies = [receiptMessage(ctx, receipt, await councilZone(ctx))];
  if (receipt.closed) return done(...replies);
  // The ballot as the vote's own transaction read it: as fresh as a second read, without its four statements.
  const fresh = receipt.ballot;
  if (extra.length > 0) return ask(data, ...replies, ...extra);
  const remaining = remainingMotions(fresh, seat.seatId, byMotionNumber(fresh, receipt.seatVotes));
  if (remaining.length === 0) return done(...replies, textMessage(ctx.t("motions.allDone", { number: ballot.number })));
  return ask({ ...data, focus: remaining[0]!.number }, ...replies, motionQuestion(ctx, fresh, remaining[0]!));
}

/** After these, 「全議案に賛成」 is not the answer to put first: the person negated, hedged or excepted something. */
const HESITANT: ReadonlySet<UnclearReason> = new Set(["negation", "qualified", "exception", "conflict"]);

/**
 * Plain words for what could not be read, then the question that lets the person answer it, and the motion
 * that question is about. `chosen` are the motions this same message answers (about to be recorded).
 */
async function unclearReplies(
  ctx: Context,
  ballot: LoadedBallot,
  seat: SeatHeld,
  unclear: VoteTextUnclear[],
  focus: number | undefined,
  chosen: Set<number>,
): Promise<{ replies: OutboundMessage[]; focus: number | undefined }> {
  const byNumber = new Map(ballot.motions.map((m) => [m.number, m]));
  const names = (numbers: number[]) => numbers.map((n) => (byNumber.get(n) ? motionLabel(byNumber.get(n)!, ctx.t) : String(n))).join("、");
  const lines: string[] = [];
  let which: { kind: ChoiceKind; phrase: string } | undefined;
  for (const u of unclear) {
    if (u.reason === "which_motion" && u.kind) which = { kind: u.kind, phrase: u.phrase };
    else if (u.reason === "not_an_option")
      for (const n of u.motions)
        lines.push(ctx.t("motions.unclear.not_an_option", { motion: names([n]), options: optionList(ctx, byNumber.get(n)!) }));
    else if (u.reason === "unknown_motion")
      lines.push(ctx.t("motions.unclear.unknown_motion", { numbers: u.motions.join("、"), total: ballot.motions.length }));
    else if (u.reason === "no_choice" && u.motions.length === 0) lines.push(ctx.t("motions.unclear.nothing", { phrase: u.phrase }));
    else lines.push(ctx.t(unclearKey(u.reason), { phrase: u.phrase, motions: names(u.motions) }));
  }
  const replies = lines.length > 0 ? [textMessage(lines.join("\n"))] : [];
  if (which) {
    replies.push(whichMotionQuestion(ctx, ballot, which.kind, which.phrase, seat.seatId));
    return { replies, focus };
  }
  // After a negation or a hedge, ask about the first motion it concerned, one at a time.
  const hesitated = unclear.some((u) => HESITANT.has(u.reason));
  const hesitant = unclear.filter((u) => HESITANT.has(u.reason)).flatMap((u) => u.motions);
  const about =
    ballot.motions.find((m) => hesitant.includes(m.number) && !chosen.has(m.number) && !m.recusedSeatIds.has(seat.seatId)) ??
    (focus !== undefined ? byNumber.get(focus) : undefined);
  if (about) {
    replies.push(motionQuestion(ctx, ballot, about));
    return { replies, focus: about.number };
  }
  const next = await nextQuestion(ctx, ballot, seat.seatId, !hesitated, chosen);
  replies.push(next.message);
  return { replies, focus: next.focus };
}

async function answerText(ctx: Context, ballot: LoadedBallot, seat: SeatHeld, data: VoteData, text: string): Promise<FlowStep> {
  const parsed = parseVoteText(text, {
    motions: ballot.motions.map((m) => ({ number: m.number, title: m.title, options: m.options })),
    focus: data.focus,
  });
  const chosen = new Set(parsed.choices.map((c) => c.motion));
  const unclear =
    parsed.unclear.length > 0
      ? await unclearReplies(ctx, ballot, seat, parsed.unclear, data.focus, chosen)
      : { replies: [], focus: data.focus };
  const next = { ...data, focus: unclear.focus };
  if (parsed.choices.length === 0) return ask(next, ...unclear.replies);
  return cast(
    ctx,
    ballot,
    seat,
    next,
    parsed.choices.map((c) => ({ motionNumber: c.motion, option: c.option })),
    unclear.replies,
  );
}

async function answerAction(ctx: Context, ballot: LoadedBallot, seat: SeatHeld, data: VoteData, value: string): Promise<FlowStep> {
  if (value === "done") return done(textMessage(ctx.t("motions.flowDone", { number: ballot.number })));
  if (value === "each") {
    const next = await nextQuestion(ctx, ballot, seat.seatId, false);
    return ask({ ...data, focus: next.focus }, next.message);
  }
  const all = value.match(/^all:(for|against|abstain)$/);
  if (all) {
    const choices = ballot.motions
      .filter((m) => !m.recusedSeatIds.has(seat.seatId))
      .map((m) => ({ motionNumber: m.number, option: m.options.find((o) => o.counts === all[1])?.key ?? "" }))
      .filter((c) => c.option);
    return cast(ctx, ballot, seat, data, choices);
  }
  const single = value.match(/^v:(\d+):([a-z][a-z0-9_-]*)$/);
  if (single) return cast(ctx, ballot, seat, data, [{ motionNumber: Number(single[1]), option: single[2]! }]);
  const change = value.match(/^m:(\d+)$/);
  const motion = change ? ballot.motions.find((m) => m.number === Number(change[1])) : undefined;
  if (motion) return ask({ ...data, focus: motion.number }, motionQuestion(ctx, ballot, motion));
  return ask(data, textMessage(ctx.t("errors.staleAction")));
}

type RunCommand = (ctx: Context, args: string[]) => Promise<CommandResult>;

async function vote(
  ctx: Context,
  data: VoteData,
  input: FlowInput,
  runCommand: RunCommand,
  start: FlowDefinition["start"],
): Promise<FlowStep> {
  if (input.kind === "text") {
    // Typing the vote command again inside the conversation (「vote 2 議案1 反対」「表決 mine」) means the
    // command, not an answer to the question on screen.
    const command = parseCommand(input.text);
    if (command && VOTE_WORDS.includes(normalizeInput(command.word).toLowerCase())) {
      const result = await runCommand(ctx, command.args);
      return Array.isArray(result) ? done(...result) : start(ctx, result.args);
    }
  }
  const ballot = await loadBallot(ctx.db, data.ballotId);
  // Refusals are marked as such, so the pressed button is not shown as chosen.
  const closed = notOpen(ctx, ballot, await councilZone(ctx));
  if (closed) return done({ ...closed, refused: true });
  const seat = (await seatsHeldOnBallot(ctx.db, ballot, ctx.actor!.personId, ctx.now)).find((s) => s.seatId === data.seatId);
  // The seat may come back (the secretariat corrects a representative or a delegation): the question stays
  // open, so the same button can be pressed again then.
  if (!seat) return ask(data, refusalMessage(ctx.t("motions.notAVoter", { number: ballot.number, organ: ballot.organName })));
  if (input.kind === "action") return answerAction(ctx, ballot, seat, data, input.value);
  if (input.kind === "text") return answerText(ctx, ballot, seat, data, input.text);
  return ask(data, refusalMessage(ctx.t("errors.staleAction")));
}

/** The flow, given the vote command it hands over to when the command is typed again mid-conversation. */
export function voteFlowWith(runCommand: RunCommand): FlowDefinition {
  const flow: FlowDefinition = {
    name: VOTE_FLOW,
    access: "member",
    // Read back on every step: the ballot and seat ids of a conversation saved by an older deploy must still mean
    // the same ballot and seat, or the vote restarts (src/engine/flow-data.ts).
    version: 1,
    data: z.object({
      text: z.string().optional(),
      ballotId: z.string().optional(),
      seatId: z.string().optional(),
      focus: z.number().int().optional(),
    }),
    /** args: [ballot number?, …words of a vote typed on the command line] */
    async start(ctx, args) {
      const number = args[0] ? readBallotNumber(args[0]) : undefined;
      const text = (number !== undefined ? args.slice(1) : args).join(" ").trim() || undefined;
      if (number !== undefined) return begin(ctx, await findBallot(ctx.db, ctx.actor!.councilId, number), text);
      const awaiting = await ballotsAwaitingPerson(ctx.db, ctx.actor!.councilId, ctx.actor!.personId, ctx.now);
      if (awaiting.length === 0) return done(textMessage(ctx.t("motions.noneAwaiting")));
      if (awaiting.length === 1) return begin(ctx, awaiting[0]!.ballot, text);
      const prompt = ctx.t("motions.askBallot");
      return {
        replies: [
          {
            text: prompt,
            blocks: [
              {
                type: "choices",
                actionId: `${FLOW_ACTION_PREFIX}${VOTE_FLOW}`,
                prompt,
                choices: awaiting.map((a) => ({ label: ballotLabel(a.ballot), value: String(a.ballot.number) })),
              },
            ],
          },
        ],
        next: { step: "ballot", data: { text: text ?? "" } },
      };
    },
    async input(ctx, step, data, input) {
      const value = input.kind === "action" ? input.value : input.kind === "text" ? input.text : "";
      if (step === "ballot") {
        const number = readBallotNumber(value);
        const awaiting = await ballotsAwaitingPerson(ctx.db, ctx.actor!.councilId, ctx.actor!.personId, ctx.now);
        const chosen = awaiting.find((a) => a.ballot.number === number);
        if (!chosen) return { replies: [textMessage(ctx.t("motions.pickBallot"))], next: { step, data } };
        return begin(ctx, chosen.ballot, (data.text as string) || undefined);
      }
      if (step === "seat") {
        const ballot = await loadBallot(ctx.db, data.ballotId as string);
        const held = await seatsHeldOnBallot(ctx.db, ballot, ctx.actor!.personId, ctx.now);
        const seat =
          held.find((s) => s.seatId === value) ?? held.find((s) => nameKey(s.bodyName).includes(nameKey(value)) && value.trim().length > 0);
        if (!seat) return { replies: [textMessage(ctx.t("motions.pickSeat"))], next: { step, data } };
        return withSeat(ctx, ballot, seat, (data.text as string) || undefined);
      }
      return vote(ctx, data as VoteData, input, runCommand, (c, a) => flow.start(c, a));
    },
  };
  return flow;
}

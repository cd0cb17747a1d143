// `/kyodo vote` (投票・表決・議案): vote on open ballots, see one's current votes, and — for the
// secretariat — live turnout and results.
//   vote                 ballots awaiting my vote → the voting conversation
//   vote 3 [全議案賛成]   ballot 3, optionally with the vote typed right away
//   vote mine            my current votes
//   vote list            open ballots (the secretariat sees all, with turnout)
//   vote 3 status        turnout and seats not yet voted (secretariat)
//   vote 3 results       outcome of a closed ballot
import { allowed, permits, type Context } from "../engine/context.ts";
import type { CommandDefinition, CommandResult } from "../engine/definitions.ts";
import { textMessage, type Block, type OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { ballotStatus } from "../domain/motions/ballot-status.ts";
import {
  ballotLabel,
  ballotPhase,
  ballotsAwaitingPerson,
  findBallot,
  readBallotNumber,
  unclosedBallots,
  type LoadedBallot,
} from "../domain/motions/find-ballot.ts";
import { StoredJsonError } from "../lib/json-column.ts";
import { normalizeInput } from "../lib/japanese/normalize.ts";
import { BALLOT_NEW_FLOW } from "./ballot-new-flow.ts";
import { addHomeSection } from "./home-sections.ts";
import { ballotsHomeSection } from "./motions-home.ts";
import { voteFlowWith } from "./motions-flow.ts";
import {
  closedResultBlocks,
  councilZone,
  mineBlocks,
  statusMessage,
  unreadableBallotMessage,
  VOTE_FLOW,
  VOTE_WORDS,
  type CurrentVote,
} from "./motions-render.ts";

const MINE = new Set(["mine", "my", "me", "自分", "私", "わたし", "確認"]);
const LIST = new Set(["list", "ls", "一覧"]);
const STATUS = new Set(["status", "turnout", "状況", "進捗", "未投票", "未表決"]);
const RESULTS = new Set(["result", "results", "結果"]);
const NEW = new Set(["new", "create", "作成", "新規"]);

async function mine(ctx: Context): Promise<OutboundMessage[]> {
  const zone = await councilZone(ctx);
  const awaiting = await ballotsAwaitingPerson(ctx.db, ctx.actor!.councilId, ctx.actor!.personId, ctx.now);
  if (awaiting.length === 0) return [textMessage(ctx.t("motions.noneAwaiting"))];
  const blocks: Block[] = [];
  for (const { ballot, seats } of awaiting) {
    for (const seat of seats) {
      const rows = await ctx.db.motionVote.findMany({ where: { ballotId: ballot.id, seatId: seat.seatId, current: true } });
      const numberOf = new Map(ballot.motions.map((m) => [m.id, m.number]));
      const votes = new Map<number, CurrentVote>(rows.map((v) => [numberOf.get(v.motionId)!, v]));
      blocks.push(...mineBlocks(ctx, ballot, seat, votes, zone));
    }
  }
  return [{ text: ctx.t("motions.mineTitle"), blocks: [{ type: "header", text: ctx.t("motions.mineTitle") }, ...blocks] }];
}

async function list(ctx: Context): Promise<OutboundMessage[]> {
  const zone = await councilZone(ctx);
  const secretariat = allowed("secretariat", ctx.actor);
  const ballots = secretariat
    ? await unclosedBallots(ctx.db, ctx.actor!.councilId)
    : (await ballotsAwaitingPerson(ctx.db, ctx.actor!.councilId, ctx.actor!.personId, ctx.now)).map((a) => a.ballot);
  if (ballots.length === 0) return [textMessage(ctx.t(secretariat ? "motions.noneOpen" : "motions.noneAwaiting"))];
  const rows: string[][] = [];
  for (const ballot of ballots) {
    const status = await ballotStatus(ctx.db, ballot, ctx.now);
    rows.push([
      ballotLabel(ballot),
      ballot.organName,
      formatInstant(ballot.deadline, zone, ctx.locale),
      ctx.t(`motions.phase.${status.phase}`),
      `${status.complete}/${status.total}`,
    ]);
  }
  const title = ctx.t("motions.listTitle");
  return [
    {
      text: title,
      blocks: [
        { type: "header", text: title },
        {
          type: "table",
          columns: [
            ctx.t("motions.fields.ballot"),
            ctx.t("motions.fields.organ"),
            ctx.t("motions.fields.deadline"),
            ctx.t("motions.fields.phase"),
            ctx.t("motions.columns.seatsDone"),
          ],
          rows,
        },
        { type: "context", text: ctx.t(secretariat ? "motions.listHintSecretariat" : "motions.listHint") },
      ],
    },
  ];
}

/** The ballot, or the message naming the stored row that keeps it from being read. */
async function readBallot(ctx: Context, number: number): Promise<LoadedBallot | OutboundMessage> {
  try {
    return await findBallot(ctx.db, ctx.actor!.councilId, number);
  } catch (error) {
    if (!(error instanceof StoredJsonError)) throw error;
    return unreadableBallotMessage(ctx, number, error);
  }
}

async function status(ctx: Context, number: number): Promise<OutboundMessage[]> {
  if (!permits(ctx.actor, "ballot.status")) return [textMessage(ctx.t("errors.forbidden"))];
  const ballot = await readBallot(ctx, number);
  if (!("roll" in ballot)) return [ballot];
  return [statusMessage(ctx, await ballotStatus(ctx.db, ballot, ctx.now), await councilZone(ctx))];
}

async function results(ctx: Context, number: number): Promise<OutboundMessage[]> {
  const ballot = await readBallot(ctx, number);
  if (!("roll" in ballot)) return [ballot];
  const zone = await councilZone(ctx);
  if (ballotPhase(ballot, ctx.now) !== "closed")
    return [
      textMessage(
        ctx.t("motions.notClosedYet", { label: ballotLabel(ballot), deadline: formatInstant(ballot.deadline, zone, ctx.locale) }),
      ),
    ];
  const title = ctx.t("motions.notice.resultHeader", { label: ballotLabel(ballot) });
  const status = await ballotStatus(ctx.db, ballot, ctx.now);
  return [
    { text: title, blocks: [{ type: "header", text: title }, ...closedResultBlocks(ctx, ballot, status.votes, status.invalidVotes)] },
  ];
}

export const voteCommand: CommandDefinition = {
  name: VOTE_WORDS[0]!,
  aliases: VOTE_WORDS.slice(1),
  access: "member",
  async run(ctx, args): Promise<CommandResult> {
    const first = args[0] ? normalizeInput(args[0]).toLowerCase() : undefined;
    if (first && MINE.has(first)) return mine(ctx);
    if (first && LIST.has(first)) return list(ctx);
    if (first && NEW.has(first))
      return allowed("secretariat", ctx.actor)
        ? { startFlow: BALLOT_NEW_FLOW, args: [] }
        : [textMessage(ctx.t("forms.ballot.secretariatOnly"))];
    const number = first ? readBallotNumber(first) : undefined;
    const sub = number !== undefined && args[1] ? normalizeInput(args[1]).toLowerCase() : undefined;
    if (number !== undefined && sub && STATUS.has(sub)) return status(ctx, number);
    if (number !== undefined && sub && RESULTS.has(sub)) return results(ctx, number);
    // The secretariat usually holds no seat on the ballot it runs: show what is open instead.
    if (
      !first &&
      allowed("secretariat", ctx.actor) &&
      (await ballotsAwaitingPerson(ctx.db, ctx.actor!.councilId, ctx.actor!.personId, ctx.now)).length === 0
    )
      return list(ctx);
    return { startFlow: VOTE_FLOW, args };
  },
};

export const voteFlow = voteFlowWith((ctx, args) => voteCommand.run(ctx, args));

addHomeSection(ballotsHomeSection);

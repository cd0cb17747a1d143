// How ballots look in chat: the ballot card a voter reads before voting, the question for one motion,
// the receipt, a voter's current votes and the secretariat's turnout. Neutral blocks only, so Slack,
// LINE and the console each render them their own way.
import type { Context } from "../engine/context.ts";
import { FLOW_ACTION_PREFIX } from "../engine/definitions.ts";
import type { Block, Choice, OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { resultBlocks } from "../domain/motions/ballot-notices.ts";
import type { ballotStatus, InvalidVote } from "../domain/motions/ballot-status.ts";
import { choiceLabel, describeRules, motionLabel } from "../domain/motions/ballot-text.ts";
import type { VoteReceipt } from "../domain/motions/cast-votes.ts";
import { readableRecord, tallyFromVotes } from "../domain/motions/ballot-results.ts";
import { countsAsVote, isInvalidVote } from "../domain/motions/counted-vote.ts";
import { ballotLabel, type currentVotes, type LoadedBallot, type LoadedMotion } from "../domain/motions/find-ballot.ts";
import { optionLabel } from "../domain/motions/motion-options.ts";
import { bilingual } from "../engine/i18n.ts";
import { OncePerRow } from "../lib/once-per-row.ts";
import type { StoredJsonError } from "../lib/json-column.ts";

export const VOTE_FLOW = "vote";
/** The vote command's name and aliases (normalized), also recognised inside the voting conversation. */
export const VOTE_WORDS = ["vote", "投票", "表決", "議案", "書面表決", "ballot", "ballots"];
const ACTION = `${FLOW_ACTION_PREFIX}${VOTE_FLOW}`;

export type SeatHeld = { seatId: string; bodyName: string; capacity: "representative" | "alternate" };
export type CurrentVote = { choice: string; stale: boolean; castAt: Date; receipt: string; channel: string };

export { councilZone } from "./council-zone.ts";

export function seatText(ctx: Context, seat: SeatHeld): string {
  return ctx.t(`motions.seatAs.${seat.capacity}`, { body: seat.bodyName });
}

function currentText(ctx: Context, motion: LoadedMotion, vote: CurrentVote | undefined): string {
  if (!vote) return ctx.t("motions.notVotedYet");
  if (isInvalidVote(motion, vote)) return ctx.t("results.invalid.current", { choice: vote.choice });
  const label = choiceLabel(motion.options, vote.choice, ctx.locale);
  return vote.stale ? ctx.t("motions.currentStale", { choice: label }) : ctx.t("motions.current", { choice: label });
}

/** The ballot as a voter reads it: what is asked, by when, under which rules, and their votes so far. */
export function ballotCard(
  ctx: Context,
  ballot: LoadedBallot,
  seat: SeatHeld,
  votes: Map<number, CurrentVote>,
  zone: string,
): OutboundMessage {
  const title = ballotLabel(ballot);
  const blocks: Block[] = [
    { type: "header", text: title },
    {
      type: "fields",
      fields: [
        { label: ctx.t("motions.fields.organ"), value: ballot.organName },
        { label: ctx.t("motions.fields.deadline"), value: formatInstant(ballot.deadline, zone, ctx.locale) },
        { label: ctx.t("motions.fields.seat"), value: seatText(ctx, seat) },
      ],
    },
  ];
  for (const motion of ballot.motions) {
    const lines = [`■ ${motionLabel(motion, ctx.t)}`];
    if (motion.text) lines.push(motion.text);
    for (const a of motion.attachments) lines.push(`📎 ${a.label} ${a.url}`);
    lines.push(motion.recusedSeatIds.has(seat.seatId) ? ctx.t("motions.recusedHere") : currentText(ctx, motion, votes.get(motion.number)));
    blocks.push({ type: "text", text: lines.join("\n") });
  }
  blocks.push({
    type: "context",
    text: [ctx.t("motions.rules.title"), ...describeRules(ballot.rules, ctx.t).map((r) => `・${r}`)].join("\n"),
  });
  return { text: title, blocks };
}

/** The motions this seat still has to vote on (no vote that counts: none, a stale one, or an invalid one). */
export function remainingMotions(ballot: LoadedBallot, seatId: string, votes: Map<number, CurrentVote>): LoadedMotion[] {
  return ballot.motions.filter((m) => !m.recusedSeatIds.has(seatId) && !countsAsVote(m, votes.get(m.number)));
}

function optionChoices(ctx: Context, ballot: LoadedBallot, motion: LoadedMotion): Choice[] {
  return motion.options.map((o) => ({
    label: optionLabel(o, ctx.locale),
    value: `v:${motion.number}:${o.key}`,
    style: o.counts === "for" ? "primary" : o.counts === "against" ? "danger" : "default",
  }));
}

function choicesBlock(ctx: Context, ballot: LoadedBallot, prompt: string, choices: Choice[]): Block {
  // Where a vote cannot be changed, platforms that can confirm a button press do so.
  const confirm = ballot.rules.allowChange ? undefined : { title: ctx.t("motions.confirmTitle"), text: ctx.t("motions.confirmText") };
  return { type: "choices", actionId: ACTION, prompt, choices, ...(confirm ? { confirm } : {}) };
}

/** Asks about one motion: its options as buttons. */
export function motionQuestion(ctx: Context, ballot: LoadedBallot, motion: LoadedMotion): OutboundMessage {
  const prompt = ctx.t("motions.askMotion", { motion: motionLabel(motion, ctx.t) });
  return {
    text: prompt,
    blocks: [choicesBlock(ctx, ballot, prompt, [...optionChoices(ctx, ballot, motion), { label: ctx.t("motions.later"), value: "done" }])],
  };
}

/** The first question of a ballot with several motions: all at once, or one by one. */
export function overviewQuestion(ctx: Context, ballot: LoadedBallot): OutboundMessage {
  const prompt = ctx.t("motions.askHow");
  const forAll = ballot.motions.every((m) => m.options.filter((o) => o.counts === "for").length === 1);
  const choices: Choice[] = [
    ...(forAll ? [{ label: ctx.t("motions.allFor"), value: "all:for", style: "primary" as const }] : []),
    { label: ctx.t("motions.oneByOne"), value: "each" },
  ];
  return { text: prompt, blocks: [choicesBlock(ctx, ballot, prompt, choices), { type: "context", text: ctx.t("motions.typeHint") }] };
}

/** When everything is answered: which motion to change, or finish. */
export function changeQuestion(ctx: Context, ballot: LoadedBallot, seatId: string): OutboundMessage {
  const prompt = ctx.t(ballot.rules.allowChange ? "motions.askChange" : "motions.allAnswered");
  const choices: Choice[] = ballot.rules.allowChange
    ? ballot.motions.filter((m) => !m.recusedSeatIds.has(seatId)).map((m) => ({ label: motionLabel(m, ctx.t), value: `m:${m.number}` }))
    : [];
  choices.push({ label: ctx.t("motions.finish"), value: "done" });
  return { text: prompt, blocks: [{ type: "choices", actionId: ACTION, prompt, choices }] };
}

/** 「賛成」 without a motion while several are open: for all, or for which one? */
export function whichMotionQuestion(
  ctx: Context,
  ballot: LoadedBallot,
  kind: "for" | "against" | "abstain",
  phrase: string,
  seatId: string,
): OutboundMessage {
  const prompt = ctx.t("motions.askWhichMotion", { phrase });
  const choices: Choice[] = [];
  if (ballot.motions.every((m) => m.options.filter((o) => o.counts === kind).length === 1))
    choices.push({ label: ctx.t(`motions.allKind.${kind}`), value: `all:${kind}` });
  for (const motion of ballot.motions.filter((m) => !m.recusedSeatIds.has(seatId))) {
    const option = motion.options.filter((o) => o.counts === kind);
    if (option.length === 1)
      choices.push({
        label: ctx.t("motions.motionKind", { motion: motionLabel(motion, ctx.t), choice: optionLabel(option[0]!, ctx.locale) }),
        value: `v:${motion.number}:${option[0]!.key}`,
      });
  }
  return { text: prompt, blocks: [choicesBlock(ctx, ballot, prompt, choices)] };
}

export function receiptMessage(ctx: Context, receipt: VoteReceipt, zone: string): OutboundMessage {
  const { ballot } = receipt;
  const optionsOf = new Map(ballot.motions.map((m) => [m.number, m]));
  const label = (n: number, key: string) => choiceLabel(optionsOf.get(n)!.options, key, ctx.locale);
  const motion = (n: number) => motionLabel(optionsOf.get(n)!, ctx.t);
  const blocks: Block[] = [];
  const lines: string[] = [];
  if (receipt.recorded.length > 0) {
    blocks.push(
      { type: "header", text: ctx.t("motions.receipt.header") },
      {
        type: "fields",
        fields: [
          { label: ctx.t("motions.fields.ballot"), value: ballotLabel(ballot) },
          { label: ctx.t("motions.fields.seat"), value: seatText(ctx, receipt.seat) },
          { label: ctx.t("motions.fields.receipt"), value: receipt.receipt ?? "" },
          { label: ctx.t("motions.fields.castAt"), value: formatInstant(receipt.castAt, zone, ctx.locale) },
        ],
      },
      {
        type: "table",
        columns: [ctx.t("motions.columns.motion"), ctx.t("motions.columns.choice"), ctx.t("motions.columns.note")],
        rows: receipt.recorded.map((r) => [
          motion(r.motionNumber),
          label(r.motionNumber, r.option),
          r.previous
            ? ctx.t("motions.receipt.changedFrom", { choice: label(r.motionNumber, r.previous) })
            : r.reconfirmed
              ? ctx.t("motions.receipt.reconfirmed")
              : "",
        ]),
      },
    );
    lines.push(ctx.t("motions.receipt.text", { receipt: receipt.receipt, motions: receipt.recorded.length }));
  }
  for (const u of receipt.unchanged)
    lines.push(ctx.t("motions.receipt.unchanged", { motion: motion(u.motionNumber), choice: label(u.motionNumber, u.option) }));
  for (const r of receipt.refused)
    lines.push(ctx.t(`motions.receipt.refused.${r.reason}`, { motion: motion(r.motionNumber), body: receipt.seat.bodyName }));
  if (receipt.closed) lines.push(ctx.t("motions.receipt.closedEarly"));
  else if (receipt.recorded.length > 0)
    lines.push(
      ctx.t(ballot.rules.allowChange ? "motions.receipt.canChange" : "motions.receipt.final", {
        deadline: formatInstant(ballot.deadline, zone, ctx.locale),
        number: ballot.number,
      }),
    );
  const body = lines.join("\n");
  blocks.push({ type: "text", text: body });
  // The plain fallback (notifications, LINE's alt text) carries the whole receipt, choices included.
  const summary = receipt.recorded.map((r) => `${motion(r.motionNumber)}: ${label(r.motionNumber, r.option)}`);
  const head =
    receipt.recorded.length > 0
      ? [ctx.t("motions.receipt.summary", { label: ballotLabel(ballot), seat: seatText(ctx, receipt.seat) })]
      : [];
  return { text: [...head, ...summary, body].join("\n"), blocks };
}

/** A voter's current votes on a ballot. */
export function mineBlocks(ctx: Context, ballot: LoadedBallot, seat: SeatHeld, votes: Map<number, CurrentVote>, zone: string): Block[] {
  return [
    { type: "header", text: ballotLabel(ballot) },
    {
      type: "context",
      text: `${seatText(ctx, seat)} / ${ctx.t("motions.fields.deadline")}: ${formatInstant(ballot.deadline, zone, ctx.locale)}`,
    },
    {
      type: "table",
      columns: [
        ctx.t("motions.columns.motion"),
        ctx.t("motions.columns.choice"),
        ctx.t("motions.columns.castAt"),
        ctx.t("motions.columns.receipt"),
      ],
      rows: ballot.motions.map((m) => {
        const vote = votes.get(m.number);
        if (m.recusedSeatIds.has(seat.seatId)) return [motionLabel(m, ctx.t), ctx.t("motions.recused"), "", ""];
        const choice = !vote
          ? ctx.t("motions.notVotedYet")
          : isInvalidVote(m, vote)
            ? ctx.t("results.invalid.mark", { choice: vote.choice })
            : choiceLabel(m.options, vote.choice, ctx.locale) + (vote.stale ? ctx.t("motions.staleMark") : "");
        return [motionLabel(m, ctx.t), choice, vote ? formatInstant(vote.castAt, zone, ctx.locale) : "", vote?.receipt ?? ""];
      }),
    },
  ];
}

/**
 * Votes for an option their motion does not have, for the secretariat: which seat and motion, and what it means
 * (Japanese first, English too). Open: the seats are still asked; closed: the tally counted them as no vote.
 */
export function invalidVoteBlocks(ctx: Context, ballot: LoadedBallot, invalid: InvalidVote[], closed: boolean): Block[] {
  if (invalid.length === 0) return [];
  const motionOf = new Map(ballot.motions.map((m) => [m.number, m]));
  return [
    {
      type: "table",
      caption: ctx.t("results.invalid.caption", { count: invalid.length }),
      columns: [ctx.t("motions.columns.body"), ctx.t("motions.columns.motion"), ctx.t("motions.columns.choice")],
      rows: invalid.map((v) => [v.bodyName, motionLabel(motionOf.get(v.motionNumber)!, ctx.t), `「${v.choice}」`]),
    },
    { type: "text", text: bilingual(closed ? "results.invalid.closedAdvice" : "results.invalid.openAdvice", { count: invalid.length }) },
  ];
}

const reported = new OncePerRow();

/** Logs a stored row chat cannot read, once per process, with the row's id (`where`). */
export function reportUnreadable(ctx: Context, where: string, problem: string): void {
  if (reported.first(where))
    ctx.logger.warn({ where, problem }, "chat met a stored row it cannot read; the answer shows the rest and names it");
}

/** A ballot whose own row cannot be read (its rules, a motion's options): the row named, and what to do. */
export function unreadableBallotMessage(ctx: Context, number: number, error: StoredJsonError): OutboundMessage {
  reportUnreadable(ctx, error.where, error.message);
  const text = bilingual("results.unreadable.record", { number, where: error.where });
  return { text, blocks: [{ type: "text", text }] };
}

/**
 * A closed ballot's recorded results as far as they can be read: the readable motions' table, each unreadable
 * recorded tally named (and logged once) with a recount from the stored votes marked as not the record, and the
 * invalid votes the tally counted as none.
 */
export function closedResultBlocks(
  ctx: Context,
  ballot: LoadedBallot,
  votes: Awaited<ReturnType<typeof currentVotes>>,
  invalid: InvalidVote[],
): Block[] {
  const record = readableRecord(ballot);
  const blocks: Block[] = resultBlocks(record.ballot, record.recorded, ctx.locale);
  if (record.unreadable.length > 0) {
    for (const u of record.unreadable) {
      reportUnreadable(ctx, u.where, u.problem);
      blocks.push({ type: "text", text: bilingual("results.unreadable.tally", { motion: motionLabel(u.motion, ctx.t), where: u.where }) });
    }
    const recount = tallyFromVotes(
      record.ballot,
      votes,
      record.unreadable.map((u) => u.motion),
    );
    blocks.push({ type: "header", text: ctx.t("results.unreadable.recount") }, ...resultBlocks(record.ballot, recount, ctx.locale));
  }
  blocks.push(...invalidVoteBlocks(ctx, ballot, invalid, true));
  return blocks;
}

/** The secretariat's live view: turnout overall and per motion, and the seats not yet voted. */
export function statusMessage(ctx: Context, status: Awaited<ReturnType<typeof ballotStatus>>, zone: string): OutboundMessage {
  const { ballot } = status;
  const title = ctx.t("motions.status.header", { label: ballotLabel(ballot) });
  const blocks: Block[] = [
    { type: "header", text: title },
    {
      type: "fields",
      fields: [
        { label: ctx.t("motions.fields.organ"), value: ballot.organName },
        { label: ctx.t("motions.fields.deadline"), value: formatInstant(ballot.deadline, zone, ctx.locale) },
        { label: ctx.t("motions.fields.phase"), value: ctx.t(`motions.phase.${status.phase}`) },
      ],
    },
  ];
  if (status.phase === "closed") {
    blocks.push(...closedResultBlocks(ctx, ballot, status.votes, status.invalidVotes));
    return { text: title, blocks };
  }
  blocks.push({ type: "progress", label: ctx.t("motions.status.allVoted"), done: status.complete, total: status.total });
  for (const m of status.motions) blocks.push({ type: "progress", label: motionLabel(m.motion, ctx.t), done: m.voted, total: m.eligible });
  if (status.pending.length > 0) {
    blocks.push({
      type: "table",
      caption: ctx.t("motions.status.pendingCaption", { seats: status.pending.length }),
      columns: [ctx.t("motions.columns.body"), ctx.t("motions.columns.holder"), ctx.t("motions.columns.missing")],
      rows: status.pending.map((s) => [
        s.bodyName,
        s.holders.join("、") || ctx.t("motions.status.noHolder"),
        s.missing
          .map((n) =>
            s.stale.includes(n)
              ? ctx.t("motions.status.staleMotion", { number: n })
              : s.invalid.includes(n)
                ? ctx.t("results.invalid.motion", { number: n })
                : ctx.t("motions.status.motionNumber", { number: n }),
          )
          .join("、"),
      ]),
    });
  }
  blocks.push(...invalidVoteBlocks(ctx, ballot, status.invalidVotes, false));
  const text = `${title}\n${ctx.t("motions.status.summary", { done: status.complete, total: status.total })}`;
  return { text, blocks };
}

/** A motion's options, for answers that name an option the motion does not have. */
export function optionList(ctx: Context, motion: LoadedMotion): string {
  return motion.options.map((o) => optionLabel(o, ctx.locale)).join("・");
}

// The emails Kyodo writes back to a reply: a receipt for what was recorded, saying exactly what was read
// from which words; for what could not be read, why, and the lines to send again; or why nothing counted
// (closed ballot, wrong sender, failed authentication). Answers join the voter's thread and carry a fresh
// reply address while the ballot is open, so answering the answer works too. Queued in the outbox like
// every other message, addressed only to a registered address.
import { randomUUID } from "node:crypto";
import { translator, type Locale, type Translate } from "../../engine/i18n.ts";
import type { Block, MailEnvelope, OutboundMessage } from "../../engine/messages.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { formatInstant } from "../calendar/zoned-time.ts";
import type { VoteReceipt } from "../motions/cast-votes.ts";
import { choiceLabel, motionLabel, unclearKey } from "../motions/ballot-text.ts";
import { ballotLabel, type LoadedBallot } from "../motions/find-ballot.ts";
import { optionLabel } from "../motions/motion-options.ts";
import type { ParsedVoteText, VoteTextUnclear } from "../motions/parse-vote-text.ts";
import { EMAIL_PLATFORM, emailTarget } from "./addresses.ts";
import { seatLabel, votingSection, type MailSeat } from "./ballot-mail-text.ts";

export type RefusalKind = "closed" | "not_open" | "not_a_voter" | "sender_mismatch" | "auth_failed";

export interface AnswerContext {
  locale: Locale;
  zone: string;
  ballot: LoadedBallot;
  seat: MailSeat;
  /** the voter's subject, answered with "Re:" so every client threads it */
  subject: string | undefined;
  /** thread headers: the voter's message and what it answered */
  inReplyTo: string | undefined;
  references: string[];
  /** a fresh reply address, when replying again can still change something */
  replyToken: string | undefined;
  messageKey: string;
}

function envelope(ctx: AnswerContext, t: Translate): MailEnvelope {
  const base =
    (ctx.subject ?? "").replace(/^(?:\s*(?:re|ｒｅ|返信|aw|sv)\s*[:：]\s*)+/i, "").trim() ||
    t("email.subject.call", { label: ballotLabel(ctx.ballot) });
  return {
    subject: `Re: ${base}`,
    messageId: ctx.messageKey,
    autoSubmitted: "auto-replied",
    ...(ctx.replyToken ? { replyToken: ctx.replyToken } : {}),
    ...(ctx.inReplyTo ? { inReplyTo: ctx.inReplyTo } : {}),
    ...(ctx.references.length > 0 ? { references: ctx.references } : {}),
  };
}

/** Plain words for what could not be read, as the chat says it. */
export function unclearLines(ballot: LoadedBallot, unclear: VoteTextUnclear[], locale: Locale): string[] {
  const t = translator(locale);
  const byNumber = new Map(ballot.motions.map((m) => [m.number, m]));
  const names = (numbers: number[]) => numbers.map((n) => (byNumber.get(n) ? motionLabel(byNumber.get(n)!, t) : String(n))).join("、");
  return unclear.map((u) => {
    if (u.reason === "not_an_option")
      return u.motions
        .map((n) =>
          t("motions.unclear.not_an_option", {
            motion: names([n]),
            options: byNumber
              .get(n)!
              .options.map((o) => optionLabel(o, locale))
              .join("／"),
          }),
        )
        .join("\n");
    if (u.reason === "unknown_motion")
      return t("motions.unclear.unknown_motion", { numbers: u.motions.join("、"), total: ballot.motions.length });
    if (u.reason === "no_choice" && u.motions.length === 0) return t("motions.unclear.nothing", { phrase: u.phrase });
    return t(unclearKey(u.reason), { phrase: u.phrase, motions: names(u.motions) });
  });
}

/** 議案1 …：賛成（「議案1：賛成」より） — what was read, from which words. */
function understoodLines(ballot: LoadedBallot, parsed: ParsedVoteText, locale: Locale): string[] {
  const t = translator(locale);
  return parsed.choices.map((c) => {
    const motion = ballot.motions.find((m) => m.number === c.motion)!;
    return t("email.answer.understoodLine", {
      motion: motionLabel(motion, t),
      choice: choiceLabel(motion.options, c.option, locale),
      phrase: c.phrase.trim(),
    });
  });
}

export interface VoteAnswerInput {
  ctx: AnswerContext;
  parsed: ParsedVoteText;
  receipt: VoteReceipt | undefined;
  /** the seat's votes after this reply, for the "still to vote" part */
  current: Map<number, string>;
  castAt: Date;
  messageId: string | undefined;
  /** the secretariat recorded it after reviewing the voter's message */
  bySecretariat?: boolean;
}

/** The answer to a reply that reached the ballot: a receipt, a clarification, or both. */
export function voteAnswer(input: VoteAnswerInput): OutboundMessage {
  const { ctx, parsed, receipt } = input;
  const t = translator(ctx.locale);
  const { ballot } = ctx;
  const recorded = receipt?.recorded ?? [];
  const header =
    recorded.length > 0
      ? parsed.unclear.length > 0
        ? "email.answer.partialHeader"
        : "motions.receipt.header"
      : parsed.unclear.length > 0
        ? "email.answer.unclearHeader"
        : "email.answer.noChangeHeader";
  const blocks: Block[] = [{ type: "header", text: t(header) }];
  const motion = (n: number) => ballot.motions.find((m) => m.number === n)!;
  if (recorded.length > 0) {
    blocks.push(
      {
        type: "fields",
        fields: [
          { label: t("motions.fields.ballot"), value: ballotLabel(ballot) },
          { label: t("motions.fields.seat"), value: seatLabel(ctx.seat, ctx.locale) },
          { label: t("motions.fields.receipt"), value: receipt!.receipt ?? "" },
          { label: t("motions.fields.castAt"), value: formatInstant(input.castAt, ctx.zone, ctx.locale) },
          { label: t("email.answer.via"), value: t("email.answer.viaEmail", { messageId: input.messageId ?? "-" }) },
        ],
      },
      {
        type: "table",
        columns: [t("motions.columns.motion"), t("motions.columns.choice"), t("motions.columns.note")],
        rows: recorded.map((r) => [
          motionLabel(motion(r.motionNumber), t),
          choiceLabel(motion(r.motionNumber).options, r.option, ctx.locale),
          r.previous
            ? t("motions.receipt.changedFrom", { choice: choiceLabel(motion(r.motionNumber).options, r.previous, ctx.locale) })
            : r.reconfirmed
              ? t("motions.receipt.reconfirmed")
              : "",
        ]),
      },
    );
  }
  const lines: string[] = input.bySecretariat ? [t("email.answer.bySecretariat")] : [];
  // A full receipt's table says it all; what was read from which words matters when something was not read.
  const explain = parsed.unclear.length > 0 || recorded.length < parsed.choices.length;
  if (explain && parsed.choices.length > 0 && !input.bySecretariat)
    lines.push(t("email.answer.understood"), ...understoodLines(ballot, parsed, ctx.locale));
  for (const u of receipt?.unchanged ?? [])
    lines.push(
      t("motions.receipt.unchanged", {
        motion: motionLabel(motion(u.motionNumber), t),
        choice: choiceLabel(motion(u.motionNumber).options, u.option, ctx.locale),
      }),
    );
  for (const r of receipt?.refused ?? [])
    lines.push(t(`motions.receipt.refused.${r.reason}`, { motion: motionLabel(motion(r.motionNumber), t), body: ctx.seat.bodyName }));
  if (lines.length > 0) blocks.push({ type: "text", text: lines.join("\n") });
  if (parsed.unclear.length > 0) {
    blocks.push({
      type: "text",
      text: [
        t("email.answer.notRecorded"),
        ...unclearLines(ballot, parsed.unclear, ctx.locale).map((l) => `・${l}`),
        t("email.answer.resend"),
      ].join("\n"),
    });
  }
  if (receipt?.closed) blocks.push({ type: "text", text: t("motions.receipt.closedEarly") });
  else if (recorded.length > 0)
    blocks.push({ type: "context", text: t("motions.receipt.text", { receipt: receipt!.receipt, motions: recorded.length }) });
  const left = ballot.motions.some((m) => !m.recusedSeatIds.has(ctx.seat.seatId) && !input.current.has(m.number));
  if (!receipt?.closed && (parsed.unclear.length > 0 || left))
    blocks.push(...votingSection({ ballot, seat: ctx.seat, zone: ctx.zone, current: input.current }, ctx.locale));
  else if (!receipt?.closed)
    blocks.push({
      type: "context",
      text: t(ballot.rules.allowChange ? "email.howTo.canChange" : "email.howTo.final", {
        deadline: formatInstant(ballot.deadline, ctx.zone, ctx.locale),
      }),
    });
  blocks.push({ type: "context", text: t("email.footer") });
  const text = recorded.length > 0 ? t("email.answer.summary", { label: ballotLabel(ballot), receipt: receipt!.receipt }) : t(header);
  return { text, blocks, mail: envelope(ctx, t) };
}

/** Why a reply did not count. */
export function refusalAnswer(ctx: AnswerContext, kind: RefusalKind, vars: Record<string, unknown>): OutboundMessage {
  const t = translator(ctx.locale);
  const text = t(`email.refusal.${kind}`, {
    label: ballotLabel(ctx.ballot),
    seat: seatLabel(ctx.seat, ctx.locale),
    deadline: formatInstant(ctx.ballot.deadline, ctx.zone, ctx.locale),
    ...vars,
  });
  return {
    text,
    blocks: [
      { type: "header", text: t(`email.refusal.${kind}Header`) },
      { type: "text", text },
      { type: "context", text: t("email.footer") },
    ],
    mail: envelope(ctx, t),
  };
}

/** Queues an answer to one address; the source is unique per inbound message, so it goes out once. */
export async function queueMailAnswer(
  db: DbOrTx,
  input: { source: string; personId: string; address: string; message: OutboundMessage; now: Date },
): Promise<boolean> {
  try {
    await db.delivery.create({
      data: {
        source: input.source,
        personId: input.personId,
        platform: EMAIL_PLATFORM,
        target: emailTarget(input.address),
        message: JSON.stringify(input.message),
        nextAttemptAt: input.now,
        idempotencyKey: randomUUID(),
      },
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

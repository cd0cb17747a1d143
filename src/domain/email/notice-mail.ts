// The email version of a notice queued for a person who chose email. Ballot notices (the call to vote,
// the request to vote again after an edit, reminders) become ballot emails: a subject, the notice, the
// motions and how to vote by reply, with a reply address of the voter's own and the voter's thread on
// the ballot. The result notice joins that thread. Anything else keeps its content; its buttons, which an
// email cannot have, become the chat command that does the same. Called from queueMessages, inside the
// caller's transaction, so the token and the delivery are created together.
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import { translator, type Locale } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { BALLOT_SUBJECT, ballotLabel, ballotPhase, loadBallot, seatsHeldOnBallot, type LoadedBallot } from "../motions/find-ballot.ts";
import { EMAIL_PLATFORM } from "./addresses.ts";
import { currentChoices } from "./answer-context.ts";
import { votingSection, type MailSeat } from "./ballot-mail-text.ts";
import { ballotThreadKey, issueReplyToken, newMessageKey } from "./reply-token.ts";

export interface EmailVariantRequest {
  source: string;
  /** the delivery target (the person's email ConversationRef, as JSON) */
  target: string;
  personId: string;
  locale: Locale;
  message: OutboundMessage;
  /** when it goes out: whose seat a person holds is decided then */
  at: Date;
}

export interface EmailVariant {
  source: string;
  message: string;
}

type BallotNoticeKind = "call" | "revote" | "reminder" | "result";
type VoteNoticeKind = Exclude<BallotNoticeKind, "result">;

async function ballotOfSource(db: DbOrTx, source: string): Promise<{ kind: BallotNoticeKind; ballotId: string } | undefined> {
  const [prefix, id] = [source.slice(0, source.indexOf(":")), source.slice(source.indexOf(":") + 1)];
  if (prefix === "ballot-open") return { kind: "call", ballotId: id };
  if (prefix === "ballot-result") return { kind: "result", ballotId: id };
  if (prefix === "motion-edit") {
    const motion = await db.motion.findUnique({ where: { id: id.split(":")[0] }, select: { ballotId: true } });
    return motion ? { kind: "revote", ballotId: motion.ballotId } : undefined;
  }
  if (prefix === "reminder") {
    const deadline = await db.deadline.findUnique({ where: { id: id.split(":")[0] } });
    return deadline?.subjectType === BALLOT_SUBJECT ? { kind: "reminder", ballotId: deadline.subjectId } : undefined;
  }
  return undefined;
}

/** Buttons become the chat command they would have run; other choices keep their prompt. */
function withoutButtons(blocks: Block[], t: ReturnType<typeof translator>): Block[] {
  return blocks.flatMap((block): Block[] => {
    if (block.type !== "choices") return [block];
    const commands =
      block.actionId === COMMAND_ACTION ? block.choices.map((c) => t("email.chatHint", { label: c.label, command: c.value })) : [];
    return [
      ...(block.prompt ? [{ type: "text" as const, text: block.prompt }] : []),
      ...commands.map((text) => ({ type: "context" as const, text })),
    ];
  });
}

function footer(locale: Locale): Block {
  return { type: "context", text: translator(locale)("email.footer") };
}

/** 【お知らせ】 and the first words of the notice, so an inbox shows what it is about. */
function noticeSubject(message: OutboundMessage, t: ReturnType<typeof translator>): string {
  const header = message.blocks.find((b) => b.type === "header");
  const body = message.blocks.find((b) => b.type === "text");
  const first = (body?.type === "text" ? body.text : message.text).split("\n").find((l) => l.trim()) ?? "";
  const summary = first.trim().length > 40 ? `${first.trim().slice(0, 39)}…` : first.trim();
  if (header?.type !== "header") return summary;
  return summary && summary !== header.text
    ? t("email.subject.notice", { header: header.text, summary })
    : t("email.subject.noticeOnly", { header: header.text });
}

function genericMail(request: EmailVariantRequest): EmailVariant {
  const t = translator(request.locale);
  const message: OutboundMessage = {
    ...request.message,
    blocks: [...withoutButtons(request.message.blocks, t), footer(request.locale)],
    mail: { subject: noticeSubject(request.message, t), messageId: newMessageKey(), ...request.message.mail },
  };
  return { source: request.source, message: JSON.stringify(message) };
}

async function alreadyQueued(db: DbOrTx, source: string, target: string): Promise<boolean> {
  return Boolean(
    await db.delivery.findUnique({ where: { source_platform_target: { source, platform: EMAIL_PLATFORM, target } }, select: { id: true } }),
  );
}

/** The notice's own header and sentence, then the ballot to vote on. */
function ballotMail(request: EmailVariantRequest, kind: VoteNoticeKind, ballot: LoadedBallot, extra: Block[]): OutboundMessage {
  const t = translator(request.locale);
  const header = request.message.blocks.find((b) => b.type === "header");
  return {
    text: request.message.text,
    blocks: [...(header ? [header] : []), { type: "text", text: request.message.text }, ...extra, footer(request.locale)],
    mail: { subject: t(`email.subject.${kind}`, { label: ballotLabel(ballot) }) },
  };
}

export async function emailVariants(db: DbOrTx, request: EmailVariantRequest): Promise<EmailVariant[]> {
  const notice = await ballotOfSource(db, request.source);
  if (!notice) return [genericMail(request)];
  // Queued before (a job that ran twice): the delivery exists, so no token is issued for nothing.
  if (await alreadyQueued(db, request.source, request.target)) return [{ source: request.source, message: "" }];
  const ballot = await loadBallot(db, notice.ballotId);
  const council = await db.council.findUniqueOrThrow({ where: { id: ballot.councilId }, select: { timezone: true } });

  if (notice.kind === "result") {
    const t = translator(request.locale);
    const thread = await ballotThreadKey(db, ballot.id, request.personId);
    const message: OutboundMessage = {
      text: request.message.text,
      blocks: [...withoutButtons(request.message.blocks, t), footer(request.locale)],
      mail: {
        subject: t("email.subject.result", { label: ballotLabel(ballot) }),
        messageId: newMessageKey(),
        ...(thread ? { inReplyTo: thread, references: [thread] } : {}),
      },
    };
    return [{ source: request.source, message: JSON.stringify(message) }];
  }

  const seats: MailSeat[] =
    ballotPhase(ballot, request.at) === "closed" ? [] : await seatsHeldOnBallot(db, ballot, request.personId, request.at);
  // Contacts of a seat without a representative are told, but cannot vote: they get the notice as it is.
  if (seats.length === 0) return [genericMail(request)];
  const variants: EmailVariant[] = [];
  for (const [index, seat] of seats.entries()) {
    const current = await currentChoices(db, ballot, seat.seatId);
    // A reminder goes to seats with something left to vote; a person holding two seats may have done one.
    const left = ballot.motions.some((m) => !m.recusedSeatIds.has(seat.seatId) && !current.has(m.number));
    if (notice.kind === "reminder" && !left) continue;
    const source = index === 0 ? request.source : `${request.source}#${seat.seatId}`;
    if (index > 0 && (await alreadyQueued(db, source, request.target))) continue;
    const issued = await issueReplyToken(db, { ballotId: ballot.id, seatId: seat.seatId, personId: request.personId });
    const message = ballotMail(
      request,
      notice.kind,
      ballot,
      votingSection({ ballot, seat, zone: council.timezone, current }, request.locale),
    );
    const threaded = issued.threadKey !== issued.messageKey;
    message.mail = {
      ...message.mail,
      replyToken: issued.token,
      messageId: issued.messageKey,
      ...(threaded ? { inReplyTo: issued.threadKey, references: [issued.threadKey] } : {}),
    };
    variants.push({ source, message: JSON.stringify(message) });
  }
  return variants.length > 0 ? variants : [genericMail(request)];
}

// A reply to a ballot email, as the inbound receiver hands it over. It is stored first (raw, capped), so
// nothing is lost and a second copy is recognised; then it counts only when its token is valid, it comes
// from an address registered for the token's voter, it passes the council's authentication policy, and
// the ballot is open. The body, without quoted text and signature, is read like a chat vote: what is clear
// is recorded through the same use case as chat votes, what is unclear is recorded as nothing and asked
// back. The voter gets a receipt or a clarification by email; the outcome stays with the message for the
// secretariat's review. The SMTP answer says what happened to the sending relay. A stored message whose
// processing was cut short (a crash between storing and counting) still has the outcome "received": it is
// processed again at start (`resumeReplies`), and a resend of it from the relay is processed, not waved
// through as "Already received" (issue #14).
import { createHash } from "node:crypto";
import type { ParsedMail } from "mailparser";
import { loadMailParser } from "../../lib/load-on-first-use.ts";
import type { Logger } from "pino";
import { isLocale } from "../../engine/i18n.ts";
import { UserError } from "../../lib/user-error.ts";
import type { Db, Prisma } from "../../storage/database.ts";
import { ballotPhase, loadBallot, seatsHeldOnBallot, type LoadedBallot } from "../motions/find-ballot.ts";
import { domainOf, emailDeliveryAddress, normalizeAddress, registeredAddresses } from "./addresses.ts";
import { judgeAuth, worthReview, type AuthPolicy } from "./auth-policy.ts";
import { isAutomaticMail } from "./auto-reply.ts";
import type { MailSeat } from "./ballot-mail-text.ts";
import { checkAuth, type DNSResolver } from "./check-auth.ts";
import type { TrustedRelays } from "./trusted-relays.ts";
import { extractReplyText } from "./extract-reply-text.ts";
import { answerContext, currentChoices } from "./answer-context.ts";
import { queueMailAnswer, refusalAnswer, voteAnswer, type RefusalKind } from "./reply-answers.ts";
import { findReplyToken } from "./reply-token.ts";
import { voteByEmail } from "./vote-by-email.ts";
import { looksLikeBounceAddress } from "../../lib/verp.ts";
import { receiveBounce } from "./receive-bounce.ts";

/** What the receiver passes in (the shape of the adapter's ReceivedMail). */
export interface IncomingMail {
  raw: Buffer;
  truncated: boolean;
  size: number;
  sizeExceeded: boolean;
  mailFrom: string;
  remoteAddress: string;
  helo: string;
}

export interface ReceiverSettings {
  db: Db;
  logger: Logger;
  /** the mail domain: reply addresses and the authserv-id of the results */
  domain: string;
  policy: AuthPolicy;
  /** MAIL_TRUSTED_RELAYS: when set, unsigned mail counts only when it came through these */
  trustedRelays?: TrustedRelays;
  resolver?: DNSResolver;
  clock: () => Date;
  /** signs the bounce addresses of Kyodo's mail; bounces to them are read by receive-bounce.ts */
  bounceSecret?: string;
  /** the receiver's size limit, to recognise a stored message that was over it when it is processed again */
  maxBytes?: number;
}

export interface SmtpAnswer {
  code: number;
  message: string;
}

/** More automatic answers than this to one person in an hour look like a loop: stored, not answered. */
export const ANSWERS_PER_HOUR = 10;
/**
 * Notices about mail that was refused for its sender (wrong From, failed authentication) have their own,
 * smaller quota: anyone can forge such mail with a voter's token, and it must neither flood the voter
 * nor use up the answers the voter's own replies get.
 */
export const REFUSAL_NOTICES_PER_HOUR = 3;
/** Outcomes of mail that may not be the voter's own: answered from REFUSAL_NOTICES_PER_HOUR. */
const UNTRUSTED_OUTCOMES = ["sender_mismatch", "auth_failed"];

const ACCEPTED: SmtpAnswer = { code: 250, message: "2.0.0 Received" };

type Row = { id: string };

function tokenOf(recipient: string): string {
  const local = recipient.slice(0, recipient.lastIndexOf("@")).toLowerCase();
  return local.startsWith("vote+") ? local.slice("vote+".length) : "";
}

function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

async function parse(raw: Buffer): Promise<ParsedMail | undefined> {
  try {
    return await (await loadMailParser()).simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch {
    return undefined;
  }
}

/** Message-ID and recipient identify a copy; without a Message-ID, what the person wrote does. */
export function messageKey(parsed: ParsedMail | undefined, recipient: string, raw: Buffer): string {
  const id =
    parsed?.messageId ??
    (parsed ? `${parsed.from?.text ?? ""}|${parsed.date?.toISOString() ?? ""}|${parsed.subject ?? ""}|${parsed.text ?? ""}` : sha256(raw));
  return sha256(`${id}\u0000${recipient.toLowerCase()}`);
}

export interface ReplyReceiver {
  (mail: IncomingMail, recipient: string): Promise<SmtpAnswer>;
  /** processes the stored messages that have no outcome yet (a previous process died on them) */
  resume(): Promise<number>;
}

export function createReplyReceiver(settings: ReceiverSettings): ReplyReceiver {
  // Message keys being processed in this process: a copy arriving meanwhile must not run a second time.
  const inProgress = new Set<string>();
  const receiver = (mail: IncomingMail, recipient: string) =>
    settings.bounceSecret && looksLikeBounceAddress(recipient, settings.domain)
      ? receiveBounce(
          { db: settings.db, domain: settings.domain, bounceSecret: settings.bounceSecret, clock: settings.clock },
          mail,
          recipient,
        )
      : receiveReply(settings, mail, recipient, inProgress);
  return Object.assign(receiver, { resume: () => resumeReplies(settings, inProgress) });
}

export async function receiveReply(
  settings: ReceiverSettings,
  mail: IncomingMail,
  recipient: string,
  inProgress = new Set<string>(),
): Promise<SmtpAnswer> {
  const { db } = settings;
  const now = settings.clock();
  const parsed = await parse(mail.raw);
  const key = messageKey(parsed, recipient, mail.raw);
  const fromAddresses = fromAddressesOf(parsed);
  const fields = {
    messageId: parsed?.messageId ?? null,
    envelopeFrom: mail.mailFrom || null,
    recipient: recipient.toLowerCase(),
    fromAddress: fromAddresses.join(", ") || null,
    subject: parsed?.subject?.slice(0, 500) ?? null,
    remoteIp: mail.remoteAddress,
    receivedAt: now,
    size: mail.size,
    raw: new Uint8Array(mail.raw),
    truncated: mail.truncated,
  };
  let row: Row;
  try {
    row = await db.inboundMail.create({ data: { messageKey: key, ...fields }, select: { id: true } });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    const existing = await db.inboundMail.update({ where: { messageKey: key }, data: { arrivals: { increment: 1 } } });
    // A copy of a message already handled: acknowledged, never counted twice. One that failed half-way,
    // or was stored by a process that died before counting it, is processed again (the relay retried
    // because we asked it to, or because it never heard our answer).
    const unfinished = existing.outcome === "error" || (existing.outcome === "received" && !inProgress.has(key));
    if (!unfinished) return { code: 250, message: "2.0.0 Already received" };
    row = existing;
  }
  return processStored(settings, { mail, recipient, parsed, fromAddresses, row, now }, key, inProgress);
}

/** Processes stored messages without an outcome, as received (their time decides whether they were on time). */
export async function resumeReplies(settings: ReceiverSettings, inProgress = new Set<string>()): Promise<number> {
  const rows = await settings.db.inboundMail.findMany({ where: { outcome: "received" }, orderBy: { receivedAt: "asc" } });
  let resumed = 0;
  for (const row of rows) {
    if (inProgress.has(row.messageKey)) continue;
    const raw = Buffer.from(row.raw);
    const parsed = await parse(raw);
    const mail: IncomingMail = {
      raw,
      truncated: row.truncated,
      size: row.size,
      sizeExceeded: settings.maxBytes !== undefined && row.size > settings.maxBytes,
      mailFrom: row.envelopeFrom ?? "",
      remoteAddress: row.remoteIp ?? "",
      // Not a column of its own: the receiver's Received header on top of the stored message names it.
      helo: /^Received: from (\S+) /.exec(raw.subarray(0, 500).toString("latin1"))?.[1] ?? "unknown",
    };
    settings.logger.warn({ inbound: row.id }, "stored mail without an outcome is processed again");
    await processStored(
      settings,
      { mail, recipient: row.recipient, parsed, fromAddresses: fromAddressesOf(parsed), row, now: row.receivedAt },
      row.messageKey,
      inProgress,
    ).catch(() => undefined);
    resumed += 1;
  }
  return resumed;
}

function fromAddressesOf(parsed: ParsedMail | undefined): string[] {
  return (parsed?.from?.value ?? []).map((a) => normalizeAddress(a.address ?? "")).filter(Boolean);
}

async function processStored(settings: ReceiverSettings, work: Work, key: string, inProgress: Set<string>): Promise<SmtpAnswer> {
  inProgress.add(key);
  try {
    return await handleReply(settings, work);
  } catch (error) {
    settings.logger.error({ err: error, inbound: work.row.id }, "inbound mail processing failed");
    await settings.db.inboundMail.update({
      where: { id: work.row.id },
      data: { outcome: "error", detail: JSON.stringify({ error: (error as Error).message }) },
    });
    throw error;
  } finally {
    inProgress.delete(key);
  }
}

interface Work {
  mail: IncomingMail;
  recipient: string;
  parsed: ParsedMail | undefined;
  fromAddresses: string[];
  row: Row;
  now: Date;
}

async function handleReply(settings: ReceiverSettings, work: Work): Promise<SmtpAnswer> {
  const { db } = settings;
  const { mail, parsed, row, now } = work;
  const finish = (data: Prisma.InboundMailUncheckedUpdateInput) => db.inboundMail.update({ where: { id: row.id }, data });

  if (mail.sizeExceeded) {
    await finish({ outcome: "too_large" });
    return { code: 552, message: "5.3.4 Message too big" };
  }
  if (!parsed || isAutomaticMail({ envelopeFrom: mail.mailFrom, headers: parsed.headers, subject: parsed.subject })) {
    await finish({ outcome: parsed ? "auto_reply" : "unreadable" });
    return ACCEPTED;
  }
  const token = await findReplyToken(db, tokenOf(work.recipient));
  if (!token) {
    await finish({ outcome: "bad_token" });
    return { code: 550, message: "5.1.1 This ballot reply address is unknown; please reply to the latest email from Kyodo" };
  }
  const voter = { tokenId: token.id, ballotId: token.ballotId, seatId: token.seatId, personId: token.personId };
  const ballot = await loadBallot(db, token.ballotId);
  const person = await db.person.findUniqueOrThrow({ where: { id: token.personId } });
  const council = await db.council.findUniqueOrThrow({ where: { id: ballot.councilId }, select: { timezone: true } });
  const seat = await seatOf(db, ballot, token.seatId, token.personId, now);

  const registered = await registeredAddresses(db, person.id);
  const from = work.fromAddresses.length === 1 ? work.fromAddresses[0]! : undefined;
  const ctx = await answerContext(db, {
    ballot,
    seat,
    personId: person.id,
    locale: isLocale(person.locale) ? person.locale : "ja",
    zone: council.timezone,
    parsed,
    offerToken: false,
  });
  const answerTo = async (address: string | undefined, build: () => ReturnType<typeof refusalAnswer>, untrusted = false) => {
    if (!address || (await answeredRecently(db, person.id, now, untrusted))) return false;
    return queueMailAnswer(db, { source: `email-answer:${row.id}`, personId: person.id, address, message: build(), now });
  };

  if (!from || !registered.has(from)) {
    // Told to the voter's own address, never to the sender: a stranger learns nothing from a guessed token.
    const answered = await answerTo(
      (await emailDeliveryAddress(db, person.id)) ?? person.email ?? undefined,
      () =>
        refusalAnswer({ ...ctx, inReplyTo: undefined, references: [] }, "sender_mismatch", {
          sender: work.fromAddresses.join(", ") || "-",
        }),
      true,
    );
    await finish({ ...voter, outcome: "sender_mismatch", review: "open", answered });
    return ACCEPTED;
  }

  const auth = await checkAuth(
    {
      raw: mail.raw,
      remoteAddress: mail.remoteAddress,
      helo: mail.helo,
      envelopeFrom: mail.mailFrom,
      fromDomain: domainOf(from),
      mta: settings.domain,
    },
    settings.resolver,
  );
  const authFields = {
    dkim: auth.dkim,
    spf: auth.spf,
    dmarc: auth.dmarc,
    auth: JSON.stringify({ policy: settings.policy, signatures: auth.signatures, error: auth.error }),
  };
  const flagged = worthReview(auth);
  const verdict = judgeAuth(settings.policy, auth, { remoteAddress: mail.remoteAddress, trustedRelays: settings.trustedRelays });
  if (!verdict.count) {
    const answered = await answerTo(
      from,
      () =>
        refusalAnswer(ctx, "auth_failed", {
          policy: verdict.reason === "policy" ? settings.policy : verdict.reason === "dmarc_fail" ? "DMARC" : "MAIL_TRUSTED_RELAYS",
        }),
      true,
    );
    await finish({
      ...voter,
      ...authFields,
      outcome: "auth_failed",
      review: "open",
      answered,
      detail: JSON.stringify({ auth: verdict.reason }),
    });
    return ACCEPTED;
  }

  const phase = ballotPhase(ballot, now);
  if (phase !== "open" || !seat.holds) {
    const kind: RefusalKind = phase === "scheduled" ? "not_open" : phase === "open" ? "not_a_voter" : "closed";
    const answered = await answerTo(from, () => refusalAnswer(ctx, kind, {}));
    await finish({ ...voter, ...authFields, outcome: kind, review: flagged ? "open" : null, answered });
    return ACCEPTED;
  }

  const text = extractReplyText(parsed.text ?? "").text;
  let result;
  try {
    result = await voteByEmail(
      db,
      { ballot, personId: person.id, seatId: seat.seatId, text, sourceRef: parsed.messageId ?? `inbound:${row.id}` },
      now,
    );
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // The ballot closed, or the delegation ended, between the checks above and the vote.
    const kind: RefusalKind = error.key === "motions.notOpenYet" ? "not_open" : error.key === "motions.closed" ? "closed" : "not_a_voter";
    const answered = await answerTo(from, () => refusalAnswer(ctx, kind, {}));
    await finish({ ...voter, ...authFields, text, outcome: kind, detail: JSON.stringify({ error: error.key }), answered });
    return ACCEPTED;
  }
  const { parsed: read, receipt } = result;
  const recorded = receipt?.recorded.length ?? 0;
  const outcome =
    recorded > 0
      ? read.unclear.length > 0
        ? "partial"
        : "counted"
      : read.unclear.length > 0
        ? "unclear"
        : (receipt?.unchanged.length ?? 0) > 0
          ? "unchanged"
          : "refused";
  const fresh = await loadBallot(db, ballot.id);
  const open = ballotPhase(fresh, now) === "open";
  const answerCtx = open
    ? await answerContext(db, { ballot: fresh, seat, personId: person.id, locale: ctx.locale, zone: ctx.zone, parsed, offerToken: true })
    : { ...ctx, ballot: fresh };
  const current = await currentChoices(db, fresh, seat.seatId);
  const answered = await answerTo(from, () =>
    voteAnswer({ ctx: answerCtx, parsed: read, receipt, current, castAt: now, messageId: parsed.messageId }),
  );
  await finish({
    ...voter,
    ...authFields,
    text,
    outcome,
    receipt: receipt?.receipt ?? null,
    review: outcome === "unclear" || outcome === "partial" || flagged ? "open" : null,
    detail: JSON.stringify({
      choices: read.choices,
      unclear: read.unclear,
      unchanged: receipt?.unchanged ?? [],
      refused: receipt?.refused ?? [],
      closed: receipt?.closed ?? false,
      attachments: parsed.attachments.length,
    }),
    answered,
  });
  return ACCEPTED;
}

/** The token's seat as the voter holds it now; `holds` is false when the delegation has ended. */
async function seatOf(db: Db, ballot: LoadedBallot, seatId: string, personId: string, now: Date): Promise<MailSeat & { holds: boolean }> {
  const held = (await seatsHeldOnBallot(db, ballot, personId, now)).find((s) => s.seatId === seatId);
  if (held) return { ...held, holds: true };
  const seat = await db.seat.findUniqueOrThrow({ where: { id: seatId }, include: { body: true } });
  return { seatId, bodyName: seat.body.name, capacity: seat.representativeId === personId ? "representative" : "alternate", holds: false };
}

/** Counts the person's answers of the last hour in the pool the mail at hand draws from (see above). */
async function answeredRecently(db: Db, personId: string, now: Date, untrusted: boolean): Promise<boolean> {
  const outcome = untrusted ? { in: UNTRUSTED_OUTCOMES } : { notIn: UNTRUSTED_OUTCOMES };
  const count = await db.inboundMail.count({
    where: { personId, answered: true, outcome, receivedAt: { gte: new Date(now.getTime() - 3_600_000) } },
  });
  return count >= (untrusted ? REFUSAL_NOTICES_PER_HOUR : ANSWERS_PER_HOUR);
}

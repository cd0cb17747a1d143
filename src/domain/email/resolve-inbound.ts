// The secretariat settles a received mail that waits for review. Either it records the vote the voter
// plainly meant (read from words the secretariat gives, as a chat vote would be, and only for a message
// whose token and sender were right), and the voter gets a receipt by email; or it closes the review with
// a note (the voter was reached by phone, the message was not a vote). Both are in the audit log with the
// secretariat member who did it.
import { loadMailParser } from "../../lib/load-on-first-use.ts";
import { isLocale } from "../../engine/i18n.ts";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { ballotPhase, loadBallot, seatsHeldOnBallot } from "../motions/find-ballot.ts";
import { emailDeliveryAddress } from "./addresses.ts";
import { answerContext, currentChoices } from "./answer-context.ts";
import { findInbound } from "./inbox.ts";
import { queueMailAnswer, voteAnswer } from "./reply-answers.ts";
import { voteByEmail } from "./vote-by-email.ts";

/** Outcomes where Kyodo knows who wrote (token and sender matched), so a vote may be recorded for them. */
const VOTABLE = new Set(["unclear", "partial", "auth_failed"]);

export interface ResolveInput {
  id: string;
  /** the vote as the secretariat reads the message, e.g. 「議案1 賛成、議案2 反対」 */
  vote?: string;
  note?: string;
  actor: string;
}

export async function resolveInbound(db: Db, input: ResolveInput, now: Date) {
  const { mail } = await findInbound(db, input.id);
  if (mail.review !== "open") throw new DomainError("email.notUnderReview", { id: mail.id.slice(0, 10) });
  if (input.vote === undefined) {
    await db.$transaction(async (tx) => {
      await tx.inboundMail.update({
        where: { id: mail.id },
        data: { review: "dismissed", resolvedBy: input.actor, resolvedAt: now, resolution: input.note ?? null },
      });
      await appendAuditEntry(tx, {
        actor: input.actor,
        action: "email.review.dismiss",
        subject: `inbound:${mail.id}`,
        at: now,
        payload: { outcome: mail.outcome, note: input.note ?? null },
      });
    });
    return { recorded: 0, receipt: undefined, unclear: [] };
  }
  if (!VOTABLE.has(mail.outcome) || !mail.ballotId || !mail.personId || !mail.seatId)
    throw new DomainError("email.cannotRecord", { outcome: mail.outcome });
  const ballot = await loadBallot(db, mail.ballotId);
  if (ballotPhase(ballot, now) !== "open") throw new DomainError("motions.closed", { number: ballot.number });
  const { parsed, receipt } = await voteByEmail(
    db,
    { ballot, personId: mail.personId, seatId: mail.seatId, text: input.vote, sourceRef: mail.messageId ?? `inbound:${mail.id}` },
    now,
  );
  if (!receipt || (receipt.recorded.length === 0 && receipt.unchanged.length === 0))
    throw new DomainError("email.resolveUnclear", { vote: input.vote });
  await db.$transaction(async (tx) => {
    await tx.inboundMail.update({
      where: { id: mail.id },
      data: {
        review: "resolved",
        resolvedBy: input.actor,
        resolvedAt: now,
        resolution: input.note ?? input.vote,
        receipt: receipt.receipt ?? mail.receipt,
      },
    });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "email.review.record",
      subject: `inbound:${mail.id}`,
      at: now,
      payload: { ballotId: ballot.id, vote: input.vote, receipt: receipt.receipt ?? null, note: input.note ?? null },
    });
  });

  // The voter learns what the secretariat recorded for them, in the thread of their own message.
  const person = await db.person.findUniqueOrThrow({ where: { id: mail.personId } });
  const address = (await emailDeliveryAddress(db, person.id)) ?? person.email;
  if (address) {
    const council = await db.council.findUniqueOrThrow({ where: { id: ballot.councilId }, select: { timezone: true } });
    const fresh = await loadBallot(db, ballot.id);
    const held = (await seatsHeldOnBallot(db, fresh, person.id, now)).find((s) => s.seatId === mail.seatId) ?? receipt.seat;
    const original = await (await loadMailParser()).simpleParser(Buffer.from(mail.raw)).catch(() => undefined);
    const open = ballotPhase(fresh, now) === "open";
    const ctx = await answerContext(db, {
      ballot: fresh,
      seat: held,
      personId: person.id,
      locale: isLocale(person.locale) ? person.locale : "ja",
      zone: council.timezone,
      parsed: original ?? { subject: mail.subject ?? undefined, messageId: mail.messageId ?? undefined, references: undefined },
      offerToken: open,
    });
    const message = voteAnswer({
      ctx,
      parsed,
      receipt,
      current: await currentChoices(db, fresh, held.seatId),
      castAt: now,
      messageId: mail.messageId ?? undefined,
      bySecretariat: true,
    });
    await queueMailAnswer(db, { source: `email-resolve:${mail.id}`, personId: person.id, address, message, now });
  }
  return { recorded: receipt.recorded.length, receipt: receipt.receipt, unclear: parsed.unclear };
}

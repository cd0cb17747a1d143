// Receipts by email for people who chose email: when a vote is recorded for a seat from any channel, its
// holders who receive email get it there — the voter a receipt (unless they voted by email, whose receipt
// answers their own message), the seat's other holders a notice that someone voted for their seat, so a
// representative learns of their alternate's chat vote and either can correct it under the ballot's rules.
import { translator, type Locale } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import type { Db } from "../../storage/database.ts";
import { Prisma } from "../../storage/generated/client.ts";
import { formatInstant } from "../calendar/zoned-time.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import type { VoteReceipt } from "../motions/cast-votes.ts";
import { choiceLabel, motionLabel } from "../motions/ballot-text.ts";
import { ballotLabel } from "../motions/find-ballot.ts";
import { seatContacts } from "../reminders/contacts.ts";
import { EMAIL_PLATFORM } from "./addresses.ts";
import { issueReplyToken, type IssuedToken } from "./reply-token.ts";

/** Whether the voter, or anyone who may hold or answer for the seat (its representative, its alternates, its
 *  body's staff), has an email address linked: everyone mailSeatVote could write to is among them. */
async function anyoneByEmail(db: Db, seat: { seatId: string; bodyId: string }, voterId: string): Promise<boolean> {
  // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL.
  const rows = await db.$queryRaw<unknown[]>(Prisma.sql`
    SELECT 1 AS "found" FROM "ChatIdentity" i
    WHERE i."platform" = ${EMAIL_PLATFORM} AND (
      i."personId" = ${voterId}
      OR i."personId" IN (SELECT s."representativeId" FROM "Seat" s WHERE s."id" = ${seat.seatId})
      OR i."personId" IN (SELECT a."personId" FROM "SeatAlternate" a WHERE a."seatId" = ${seat.seatId})
      OR i."personId" IN (SELECT m."personId" FROM "StaffMembership" m WHERE m."bodyId" = ${seat.bodyId}))
    LIMIT 1`);
  return rows.length > 0;
}

/** Subscribed to motions' voteCast (src/features.ts). */
export async function mailSeatVote(
  db: Db,
  { receipt, vote, at: now }: { receipt: VoteReceipt; vote: { personId: string; channel: string }; at: Date },
): Promise<number> {
  if (receipt.recorded.length === 0 || !receipt.receipt) return 0;
  // Most votes concern nobody who receives email: one statement says so, before the five that work out
  // exactly who should get what (issue #15).
  if (!(await anyoneByEmail(db, receipt.seat, vote.personId))) return 0;
  const holders = (await seatContacts(db, [receipt.seat.seatId], now)).get(receipt.seat.seatId)?.usualContactIds ?? [];
  const recipients = [...new Set([vote.personId, ...holders])].filter((id) => !(id === vote.personId && vote.channel === EMAIL_PLATFORM));
  const withEmail = await db.chatIdentity.findMany({
    where: { personId: { in: recipients }, platform: EMAIL_PLATFORM },
    select: { personId: true },
  });
  if (withEmail.length === 0) return 0;
  const voter = await db.person.findUniqueOrThrow({ where: { id: vote.personId }, select: { displayName: true } });
  const council = await db.council.findUniqueOrThrow({ where: { id: receipt.ballot.councilId }, select: { timezone: true } });
  // Each holder may answer the notice to vote themselves (while the ballot is open), in their own thread.
  const tokens = new Map<string, IssuedToken>();
  if (!receipt.closed)
    for (const { personId } of withEmail)
      tokens.set(personId, await issueReplyToken(db, { ballotId: receipt.ballot.id, seatId: receipt.seat.seatId, personId }));

  const render = (locale: Locale, personId: string): OutboundMessage => {
    const t = translator(locale);
    const { ballot } = receipt;
    const motion = (n: number) => ballot.motions.find((m) => m.number === n)!;
    const own = personId === vote.personId;
    const channel = t(`email.channels.${vote.channel}`, { defaultValue: vote.channel });
    const text = own
      ? t("email.seatVote.own", { label: ballotLabel(ballot), channel, receipt: receipt.receipt })
      : t("email.seatVote.other", {
          label: ballotLabel(ballot),
          body: receipt.seat.bodyName,
          name: voter.displayName,
          capacity: t(`email.capacity.${receipt.seat.capacity}`),
          channel,
          receipt: receipt.receipt,
        });
    const blocks: Block[] = [
      { type: "header", text: t(own ? "motions.receipt.header" : "email.seatVote.header") },
      { type: "text", text },
      {
        type: "table",
        columns: [t("motions.columns.motion"), t("motions.columns.choice"), t("motions.columns.note")],
        rows: receipt.recorded.map((r) => [
          motionLabel(motion(r.motionNumber), t),
          choiceLabel(motion(r.motionNumber).options, r.option, locale),
          r.previous ? t("motions.receipt.changedFrom", { choice: choiceLabel(motion(r.motionNumber).options, r.previous, locale) }) : "",
        ]),
      },
      {
        type: "context",
        text: receipt.closed
          ? t("motions.receipt.closedEarly")
          : t(ballot.rules.allowChange ? "email.howTo.canChange" : "email.howTo.final", {
              deadline: formatInstant(ballot.deadline, council.timezone, locale),
            }),
      },
    ];
    const token = tokens.get(personId);
    const thread = token && token.threadKey !== token.messageKey ? { inReplyTo: token.threadKey, references: [token.threadKey] } : {};
    return {
      text,
      blocks,
      mail: {
        subject: t("email.subject.receipt", { label: ballotLabel(ballot) }),
        autoSubmitted: "auto-generated",
        ...(token ? { replyToken: token.token, messageId: token.messageKey } : {}),
        ...thread,
      },
    };
  };
  const queued = await queueMessages(db, {
    source: `vote-receipt:${receipt.receipt}`,
    personIds: withEmail.map((w) => w.personId),
    render,
    notBefore: now,
    platforms: [EMAIL_PLATFORM],
  });
  return queued.queued;
}

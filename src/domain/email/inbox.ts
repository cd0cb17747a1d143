// The secretariat's view of received mail: every message with its outcome, newest first, or only those
// waiting for review (unclear or partly read replies, wrong senders, failed authentication, a failing
// DKIM signature); and one message in full — who, which ballot and seat, what was read, the raw source.
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";

export interface InboxFilter {
  /** only what waits for review */
  open?: boolean;
  limit?: number;
}

export async function listInbound(db: DbOrTx, filter: InboxFilter = {}) {
  const rows = await db.inboundMail.findMany({
    where: filter.open ? { review: "open" } : {},
    orderBy: { receivedAt: "desc" },
    take: filter.limit ?? 50,
    select: {
      id: true,
      receivedAt: true,
      fromAddress: true,
      subject: true,
      outcome: true,
      review: true,
      ballotId: true,
      personId: true,
      receipt: true,
      dkim: true,
      arrivals: true,
    },
  });
  const ballots = new Map(
    (
      await db.ballot.findMany({
        where: { id: { in: rows.map((r) => r.ballotId).filter((b): b is string => Boolean(b)) } },
        select: { id: true, number: true },
      })
    ).map((b) => [b.id, b.number]),
  );
  const people = new Map(
    (
      await db.person.findMany({
        where: { id: { in: rows.map((r) => r.personId).filter((p): p is string => Boolean(p)) } },
        select: { id: true, handle: true },
      })
    ).map((p) => [p.id, p.handle]),
  );
  return rows.map((r) => ({
    ...r,
    ballotNumber: r.ballotId ? ballots.get(r.ballotId) : undefined,
    handle: r.personId ? people.get(r.personId) : undefined,
  }));
}

/** One message by its id, or by a prefix of it long enough to be unique (as listed). */
export async function findInbound(db: DbOrTx, idOrPrefix: string) {
  const id = idOrPrefix.trim();
  if (id.length < 6) throw new DomainError("email.inboxNotFound", { id });
  const matches = await db.inboundMail.findMany({ where: { id: { startsWith: id } }, take: 2 });
  if (matches.length !== 1) throw new DomainError(matches.length === 0 ? "email.inboxNotFound" : "email.inboxAmbiguous", { id });
  const mail = matches[0]!;
  const ballot = mail.ballotId ? await db.ballot.findUnique({ where: { id: mail.ballotId }, select: { number: true, title: true } }) : null;
  const person = mail.personId
    ? await db.person.findUnique({ where: { id: mail.personId }, select: { handle: true, displayName: true } })
    : null;
  const seat = mail.seatId ? await db.seat.findUnique({ where: { id: mail.seatId }, include: { body: true } }) : null;
  return { mail, ballot, person, body: seat?.body.name };
}

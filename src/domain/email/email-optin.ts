// Choosing email: a person who opts in gets a chat identity on platform "email" whose direct conversation
// is their address, so every notice the outbox delivers — calls to vote, reminders, broadcasts, receipts,
// results — reaches them by email too, without any feature knowing about email. Ballots already open for
// them are sent at once. The address is the one on their record unless the secretariat names another.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import { DomainError } from "../errors.ts";
import { openingNotice } from "../motions/ballot-notices.ts";
import { ballotsAwaitingPerson } from "../motions/find-ballot.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import { EMAIL_PLATFORM, EMAIL_WORKSPACE, emailTarget, isPlausibleAddress, normalizeAddress } from "./addresses.ts";

export interface OptInResult {
  address: string;
  /** open ballots whose email was queued now */
  ballots: number[];
  changed: boolean;
}

export async function optInToEmail(db: Db, input: { personId: string; address?: string; actor: string }, now: Date): Promise<OptInResult> {
  const person = await db.person.findUniqueOrThrow({ where: { id: input.personId } });
  const given = input.address ?? person.email;
  if (!given) throw new DomainError("email.noAddress", { name: person.displayName });
  const address = normalizeAddress(given);
  if (!isPlausibleAddress(address)) throw new DomainError("email.badAddress", { address: given });

  const changed = await db.$transaction(async (tx) => {
    const taken = await tx.chatIdentity.findUnique({
      where: { platform_workspace_externalUserId: { platform: EMAIL_PLATFORM, workspace: EMAIL_WORKSPACE, externalUserId: address } },
    });
    if (taken && taken.personId !== person.id) throw new DomainError("email.addressTaken", { address });
    if (taken) return false;
    // One delivery address per person: choosing another replaces the old one.
    await tx.chatIdentity.deleteMany({ where: { personId: person.id, platform: EMAIL_PLATFORM } });
    await tx.chatIdentity.create({
      data: {
        personId: person.id,
        platform: EMAIL_PLATFORM,
        workspace: EMAIL_WORKSPACE,
        externalUserId: address,
        verifiedAt: now,
        directRef: emailTarget(address),
      },
    });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "email.optin",
      subject: `person:${person.id}`,
      at: now,
      payload: { address },
    });
    return true;
  });

  // Ballots that opened before they chose email: the call to vote goes out now, as it would have then.
  const council = await db.council.findUniqueOrThrow({ where: { id: person.councilId } });
  const notBefore = nextOfficeMoment(council, now);
  const ballots: number[] = [];
  for (const { ballot } of await ballotsAwaitingPerson(db, person.councilId, person.id, now)) {
    const queued = await db.$transaction((tx) =>
      queueMessages(tx, {
        source: `ballot-open:${ballot.id}`,
        personIds: [person.id],
        render: openingNotice(ballot, council.timezone),
        notBefore,
        platforms: [EMAIL_PLATFORM],
      }),
    );
    if (queued.queued > 0) ballots.push(ballot.number);
  }
  return { address, ballots, changed };
}

export async function optOutOfEmail(db: Db, input: { personId: string; actor: string }, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.chatIdentity.deleteMany({ where: { personId: input.personId, platform: EMAIL_PLATFORM } });
    if (count > 0) await appendAuditEntry(tx, { actor: input.actor, action: "email.optout", subject: `person:${input.personId}`, at: now });
    return count > 0;
  });
}

// Alternate addresses a person may vote from (a division's shared mailbox, a second account). Only the
// secretariat registers them, from the command line: the sender match is half of what makes an email vote
// trustworthy, so a voter cannot widen it from chat.
import type { Db, DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { EMAIL_PLATFORM, isPlausibleAddress, normalizeAddress } from "./addresses.ts";

export async function addEmailAlias(
  db: Db,
  input: { personId: string; address: string; actor: string },
  now: Date,
): Promise<{ address: string; added: boolean }> {
  const address = normalizeAddress(input.address);
  if (!isPlausibleAddress(address)) throw new DomainError("email.badAddress", { address: input.address });
  return db.$transaction(async (tx) => {
    const existing = await tx.emailAlias.findUnique({ where: { personId_address: { personId: input.personId, address } } });
    if (existing) return { address, added: false };
    const owner = await otherOwner(tx, input.personId, address);
    if (owner) throw new DomainError("consolePeople.aliasTaken", { address, name: owner.displayName, handle: owner.handle });
    await tx.emailAlias.create({ data: { personId: input.personId, address, createdBy: input.actor } });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "email.alias.add",
      subject: `person:${input.personId}`,
      at: now,
      payload: { address },
    });
    return { address, added: true };
  });
}

export async function removeEmailAlias(db: Db, input: { personId: string; address: string; actor: string }, now: Date): Promise<boolean> {
  const address = normalizeAddress(input.address);
  return db.$transaction(async (tx) => {
    const { count } = await tx.emailAlias.deleteMany({ where: { personId: input.personId, address } });
    if (count > 0)
      await appendAuditEntry(tx, {
        actor: input.actor,
        action: "email.alias.remove",
        subject: `person:${input.personId}`,
        at: now,
        payload: { address },
      });
    return count > 0;
  });
}

export async function listEmailAliases(db: Db, personId: string): Promise<string[]> {
  return (await db.emailAlias.findMany({ where: { personId }, orderBy: { address: "asc" } })).map((a) => a.address);
}

/**
 * Another person of the same council known by this address (their record address, the address they receive
 * Kyodo's email at, or one of their aliases). A reply from a shared address could then count for either of them,
 * so the address is refused rather than silently given to two people.
 */
async function otherOwner(db: DbOrTx, personId: string, address: string) {
  const person = await db.person.findUniqueOrThrow({ where: { id: personId }, select: { councilId: true } });
  const aliasOwners = (await db.emailAlias.findMany({ where: { address, personId: { not: personId } } })).map((a) => a.personId);
  const identityOwners = (
    await db.chatIdentity.findMany({ where: { platform: EMAIL_PLATFORM, externalUserId: address, personId: { not: personId } } })
  ).map((i) => i.personId);
  const candidates = await db.person.findMany({
    where: {
      councilId: person.councilId,
      id: { not: personId },
      OR: [{ id: { in: [...aliasOwners, ...identityOwners] } }, { email: { not: null } }],
    },
    select: { displayName: true, handle: true, email: true, id: true },
  });
  const owners = new Set([...aliasOwners, ...identityOwners]);
  return candidates.find((p) => owners.has(p.id) || (p.email !== null && normalizeAddress(p.email) === address));
}

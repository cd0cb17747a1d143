// Alternate addresses a person may vote from (a division's shared mailbox, a second account). Only the
// secretariat registers them, from the command line: the sender match is half of what makes an email vote
// trustworthy, so a voter cannot widen it from chat.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { isPlausibleAddress, normalizeAddress } from "./addresses.ts";

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

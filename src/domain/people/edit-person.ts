// Corrects a person's name or record email address (the one on their record, which their email replies may come
// from). The handle stays: the CLI, audit entries and CSV files name people by it. Which body they work for
// changes through addStaffMembership / endStaffMembership, which keep the dates.
import { z } from "zod";
import { normalizeInput } from "../../lib/japanese/normalize.ts";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { isPlausibleAddress, normalizeAddress } from "../email/addresses.ts";
import { activePerson } from "./retire-person.ts";

export interface PersonChanges {
  displayName: string;
  /** "" clears it */
  email: string;
}

export function cleanDisplayName(typed: string): string {
  const displayName = normalizeInput(typed).trim();
  if (displayName.length === 0 || displayName.length > 100) throw new DomainError("consolePeople.badName", {});
  return displayName;
}

/** What was typed, short enough to quote back in a message (a pasted page would otherwise fill it). */
export function quoted(typed: string): string {
  return typed.length > 80 ? `${typed.slice(0, 80)}…` : typed;
}

/** The address as stored (null when none was typed), or a DomainError quoting what was typed. */
export function cleanEmail(typed: string): string | null {
  const email = typed.trim() ? normalizeAddress(typed) : null;
  if (email && (!isPlausibleAddress(email) || !z.email().safeParse(email).success))
    throw new DomainError("consolePeople.badEmail", { address: quoted(typed.trim()) });
  return email;
}

/** The changes as they would be stored, or a DomainError naming what is wrong. */
export function cleanPersonChanges(changes: PersonChanges): { displayName: string; email: string | null } {
  return { displayName: cleanDisplayName(changes.displayName), email: cleanEmail(changes.email) };
}

/** The names of the fields that changed ([] when nothing did: nothing is written). */
export async function editPerson(
  db: Db,
  input: { councilId: string; personId: string; changes: PersonChanges; actor: string },
  now: Date,
): Promise<string[]> {
  const after = cleanPersonChanges(input.changes);
  return db.$transaction(async (tx) => {
    const person = await activePerson(tx, input.councilId, input.personId);
    const changed = (["displayName", "email"] as const).filter((name) => person[name] !== after[name]);
    if (changed.length === 0) return [];
    const before = Object.fromEntries(changed.map((name) => [name, person[name]]));
    const data = Object.fromEntries(changed.map((name) => [name, after[name]]));
    await tx.person.update({ where: { id: person.id }, data });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "people.edit",
      subject: `person:${person.id}`,
      at: now,
      payload: { before, after: data },
    });
    return changed;
  });
}

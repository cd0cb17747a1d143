// One-time enrolment codes for everyone who sits on an organ (its representatives and current alternates),
// in one go: the secretariat hands out a 2,000-seat organ's codes as a mail merge instead of 2,000
// `enrol` commands. One transaction: earlier unused codes of these people stop working (only the latest
// letter works, as with `enrol`), the new codes are stored as hashes in chunks, and one audit entry records
// who got one. The plain codes are returned once, for the file, and never stored.
import type { Db } from "../../storage/database.ts";
import { findInSlices, updateInSlices } from "../../storage/chunked.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { createInChunks } from "../bulk/row-problems.ts";
import { generateCode, hashCode } from "./enrolment-code.ts";
import { DEFAULT_CODE_TTL_HOURS } from "./issue-enrolment-code.ts";

export interface IssuedCode {
  handle: string;
  name: string;
  body: string;
  code: string;
  expiresAt: Date;
}

export interface OrganCodesOptions {
  ttlHours?: number;
  /** also people who have already linked a chat account (default: only those who have not) */
  includeLinked?: boolean;
  now?: Date;
}

export async function issueOrganCodes(db: Db, organId: string, actor: string, options: OrganCodesOptions = {}): Promise<IssuedCode[]> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.ttlHours ?? DEFAULT_CODE_TTL_HOURS) * 3600_000);
  const seats = await db.seat.findMany({
    where: { organId },
    include: { body: true, representative: true, alternates: { include: { person: true } } },
    orderBy: { body: { code: "asc" } },
  });
  // Each person once, with the body they sit for (the first seat found, in code order).
  const people = new Map<string, { id: string; handle: string; name: string; body: string }>();
  for (const seat of seats) {
    const holders = [
      seat.representative,
      ...seat.alternates.filter((a) => !a.delegatedUntil || a.delegatedUntil > now).map((a) => a.person),
    ];
    for (const person of holders)
      if (person && !people.has(person.id))
        people.set(person.id, { id: person.id, handle: person.handle, name: person.displayName, body: seat.body.name });
  }
  if (!options.includeLinked) {
    const linked = await findInSlices([...people.keys()], (ids) =>
      db.chatIdentity.findMany({ where: { personId: { in: ids } }, select: { personId: true } }),
    );
    for (const identity of linked) people.delete(identity.personId);
  }
  const issued = [...people.values()].map((p) => ({ ...p, code: generateCode(), expiresAt }));
  await db.$transaction(
    async (tx) => {
      await updateInSlices(
        issued.map((p) => p.id),
        (ids) =>
          tx.enrolmentCode.updateMany({ where: { personId: { in: ids }, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } }),
      );
      await createInChunks(
        issued.map((p) => ({ personId: p.id, codeHash: hashCode(p.code), expiresAt, createdBy: actor })),
        (data) => tx.enrolmentCode.createMany({ data }),
      );
      await appendAuditEntry(tx, {
        actor,
        action: "identities.codes.issue",
        subject: `organ:${organId}`,
        payload: { people: issued.map((p) => p.id), expiresAt: expiresAt.toISOString() },
        at: now,
      });
    },
    { timeout: 120_000 },
  );
  return issued.map(({ handle, name, body, code }) => ({ handle, name, body, code, expiresAt }));
}

// Registers a person of the council (staff of a body, a committee member or the secretariat).
import { z } from "zod";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";

export const ROLES = ["secretariat", "admin"] as const;

export const personInputSchema = z.object({
  handle: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,31}$/),
  displayName: z.string().min(1).max(100),
  email: z.email().optional(),
  locale: z.enum(["ja", "en"]).default("ja"),
  roles: z.array(z.enum(ROLES)).default([]),
});

export type PersonInput = z.input<typeof personInputSchema>;

export async function addPerson(db: Db, councilId: string, input: PersonInput, actor: string) {
  const parsed = personInputSchema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "?");
    throw new DomainError("people.invalidField", { field });
  }
  const data = parsed.data;
  const existing = await db.person.findUnique({ where: { councilId_handle: { councilId, handle: data.handle } } });
  if (existing) throw new DomainError("people.handleTaken", { handle: data.handle });
  return db.$transaction(async (tx) => {
    const person = await tx.person.create({
      data: {
        councilId,
        handle: data.handle,
        displayName: data.displayName,
        email: data.email ?? null,
        locale: data.locale,
        roles: { create: data.roles.map((role) => ({ role })) },
      },
    });
    await appendAuditEntry(tx, {
      actor,
      action: "people.add",
      subject: `person:${person.id}`,
      payload: { handle: data.handle, roles: data.roles },
    });
    return person;
  });
}

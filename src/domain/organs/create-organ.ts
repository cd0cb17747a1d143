// Creates an organ (総会, 幹事会, 部会, 研究会, WG). Its seats are added one body at a time.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import type { OrganKind } from "./organ-kinds.ts";

export interface OrganInput {
  slug: string;
  name: string;
  nameEn?: string;
  kind: OrganKind;
}

export async function createOrgan(db: Db, councilId: string, input: OrganInput, actor: string) {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(input.slug)) throw new DomainError("organs.badSlug", { slug: input.slug });
  const existing = await db.organ.findUnique({ where: { councilId_slug: { councilId, slug: input.slug } } });
  if (existing) throw new DomainError("organs.slugTaken", { slug: input.slug });
  return db.$transaction(async (tx) => {
    const organ = await tx.organ.create({
      data: { councilId, slug: input.slug, name: input.name, nameEn: input.nameEn ?? null, kind: input.kind },
    });
    await appendAuditEntry(tx, { actor, action: "organs.create", subject: `organ:${organ.id}`, payload: { ...input } });
    return organ;
  });
}

export async function dissolveOrgan(db: Db, organId: string, actor: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const organ = await tx.organ.findUniqueOrThrow({ where: { id: organId } });
    if (organ.dissolvedAt) throw new DomainError("organs.alreadyDissolved", { name: organ.name });
    const updated = await tx.organ.update({ where: { id: organId }, data: { dissolvedAt: now } });
    await appendAuditEntry(tx, { actor, action: "organs.dissolve", subject: `organ:${organId}`, at: now });
    return updated;
  });
}

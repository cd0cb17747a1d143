// Adds or updates a shared system (電子申請, 施設予約 …): its name, SLA and the organ (部会) whose linked
// conversations receive its summaries.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { parseAmount } from "../../lib/yen.ts";
import { findOrgan } from "../organs/find-organ.ts";

export interface SystemInput {
  slug: string;
  name: string;
  nameEn?: string;
  /** "99.7" */
  sla?: string;
  /** organ slug or name */
  organ?: string;
}

export async function defineSystem(db: Db, councilId: string, input: SystemInput, actor: string) {
  const slug = input.slug.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(slug)) throw new DomainError("usage.systems.badSlug", { slug: input.slug });
  let slaPercent: string | null = null;
  if (input.sla !== undefined) {
    const sla = parseAmount(input.sla.replace(/%$/, ""));
    if (!sla || sla.lte(0) || sla.gt(100)) throw new DomainError("usage.systems.badSla", { sla: input.sla });
    slaPercent = sla.toFixed();
  }
  const organId = input.organ ? (await findOrgan(db, councilId, input.organ)).id : null;
  return db.$transaction(async (tx) => {
    const fields = {
      name: input.name.trim(),
      nameEn: input.nameEn?.trim() || null,
      ...(input.sla !== undefined ? { slaPercent } : {}),
      ...(input.organ ? { organId } : {}),
    };
    const system = await tx.sharedSystem.upsert({
      where: { councilId_slug: { councilId, slug } },
      create: { councilId, slug, ...fields, slaPercent, organId },
      update: fields,
    });
    await appendAuditEntry(tx, {
      actor,
      action: "usage.systems.define",
      subject: `system:${system.id}`,
      payload: { slug, name: system.name, sla: system.slaPercent, organId: system.organId },
    });
    return system;
  });
}

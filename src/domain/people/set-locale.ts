// A person chooses the language Kyodo speaks to them in. Audited like every other change: a later dispute about
// which language a notice was sent in can be settled from the log.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";

export async function setPersonLocale(db: Db, personId: string, locale: "ja" | "en", actor = `person:${personId}`, now = new Date()) {
  await db.$transaction(async (tx) => {
    const before = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { locale: true } });
    if (before.locale === locale) return;
    await tx.person.update({ where: { id: personId }, data: { locale } });
    await appendAuditEntry(tx, {
      actor,
      action: "people.locale",
      subject: `person:${personId}`,
      payload: { from: before.locale, to: locale },
      at: now,
    });
  });
}

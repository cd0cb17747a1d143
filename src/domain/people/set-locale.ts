import type { Db } from "../../storage/database.ts";

export async function setPersonLocale(db: Db, personId: string, locale: "ja" | "en") {
  await db.person.update({ where: { id: personId }, data: { locale } });
}

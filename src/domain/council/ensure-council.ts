// The council a Kyodo installation serves. One installation normally serves one council; the slug picks it.
import type { DbOrTx } from "../../storage/database.ts";

export interface CouncilInput {
  slug: string;
  name: string;
  nameEn: string;
  timezone?: string;
}

export async function ensureCouncil(db: DbOrTx, input: CouncilInput) {
  return db.council.upsert({
    where: { slug: input.slug },
    create: { slug: input.slug, name: input.name, nameEn: input.nameEn, timezone: input.timezone ?? "Asia/Tokyo" },
    update: {},
  });
}

export async function findCouncil(db: DbOrTx, slug: string) {
  return db.council.findUnique({ where: { slug } });
}

import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";

export async function findPerson(db: DbOrTx, councilId: string, handle: string) {
  const person = await db.person.findUnique({ where: { councilId_handle: { councilId, handle: handle.trim().toLowerCase() } } });
  if (!person) throw new DomainError("people.notFound", { handle });
  return person;
}

/** People with the bodies they work for and their roles, for listings. */
export async function listPeople(db: DbOrTx, councilId: string) {
  return db.person.findMany({
    where: { councilId },
    orderBy: { handle: "asc" },
    include: { roles: true, memberships: { where: { endedAt: null }, include: { body: true } } },
  });
}

// Who hears what concerns the secretariat (a shortlisting, an unreachable member, an audit checkpoint): the
// people holding the secretariat role, of one council or of the whole installation.
import type { DbOrTx } from "../../storage/database.ts";

export async function secretariatMemberIds(db: DbOrTx, councilId?: string): Promise<string[]> {
  const people = await db.person.findMany({
    where: { ...(councilId ? { councilId } : {}), roles: { some: { role: "secretariat" } } },
    select: { id: true },
  });
  return people.map((p) => p.id);
}

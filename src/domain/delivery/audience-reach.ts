// Whom a notice reached: the bodies it was for, the people it was queued to, and who could not be reached
// (no linked chat or email, or a body with no staff at all). What Kyodo prints after opening an inquiry,
// survey or ballot comes from here, so it says exactly whom it reached, never 「全団体」 by default.
import { translator, type Locale } from "../../engine/i18n.ts";
import { findInSlices } from "../../storage/chunked.ts";
import type { DbOrTx } from "../../storage/database.ts";

export interface AudienceReach {
  /** bodies the item is addressed to */
  bodies: number;
  /** distinct people a message was queued to */
  people: number;
  /** people with no linked conversation: nothing was queued to them */
  unreachable: Array<{ name: string; body: string }>;
  /** addressed bodies with no current staff to tell */
  bodiesWithoutStaff: string[];
  /** when the messages go out, if held back until office hours */
  heldUntil?: Date;
}

export async function audienceReach(
  db: DbOrTx,
  input: { bodyIds: string[]; bodyOf: Map<string, string>; unreachableIds: string[]; now: Date; notBefore: Date },
): Promise<AudienceReach> {
  const bodyIds = [...new Set(input.bodyIds)];
  const bodies = new Map(
    (await findInSlices(bodyIds, (ids) => db.body.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }))).map((b) => [
      b.id,
      b.name,
    ]),
  );
  const withStaff = new Set(input.bodyOf.values());
  const unreachable = new Set(input.unreachableIds);
  // Sliced: a 2,000-seat organ's audience is over SQLite's 999 bound values.
  const people = (
    await findInSlices(unreachable, (ids) => db.person.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }))
  ).sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0));
  return {
    bodies: bodyIds.length,
    people: [...input.bodyOf.keys()].filter((id) => !unreachable.has(id)).length,
    unreachable: people.map((p) => ({ name: p.displayName, body: bodies.get(input.bodyOf.get(p.id) ?? "") ?? "" })),
    bodiesWithoutStaff: bodyIds.filter((id) => !withStaff.has(id)).map((id) => bodies.get(id) ?? id),
    ...(input.notBefore > input.now ? { heldUntil: input.notBefore } : {}),
  };
}

/**
 * Whom an announcement still to come will reach, as things stand: for an item that opens later (or whose
 * notice the scheduler queues), people are counted reachable when they have a linked conversation now.
 */
export async function plannedReach(
  db: DbOrTx,
  input: { bodyIds: string[]; bodyOf: Map<string, string>; now: Date },
): Promise<AudienceReach> {
  const people = await findInSlices(input.bodyOf.keys(), (ids) =>
    db.person.findMany({
      where: { id: { in: ids } },
      select: { id: true, identities: { where: { directRef: { not: null } }, select: { id: true } } },
    }),
  );
  const unreachableIds = people.filter((p) => p.identities.length === 0).map((p) => p.id);
  return audienceReach(db, { ...input, unreachableIds, notBefore: input.now });
}

/** The lines after "sent to N bodies / M people": who cannot be reached, and when it goes out. */
export function reachLines(reach: AudienceReach, locale: Locale, formatWhen: (at: Date) => string): string[] {
  const t = translator(locale);
  const lines: string[] = [];
  const list = (items: string[]) => items.join(locale === "ja" ? "、" : ", ");
  if (reach.heldUntil) lines.push(t("notices.reach.heldUntil", { when: formatWhen(reach.heldUntil) }));
  if (reach.unreachable.length > 0) {
    lines.push(
      t("notices.reach.unreachable", {
        count: reach.unreachable.length,
        people: list(reach.unreachable.map((u) => t("notices.reach.personOfBody", u))),
      }),
    );
  }
  if (reach.bodiesWithoutStaff.length > 0)
    lines.push(t("notices.reach.noStaff", { count: reach.bodiesWithoutStaff.length, bodies: list(reach.bodiesWithoutStaff) }));
  return lines;
}

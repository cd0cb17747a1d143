// Forms a working group for a candidate from the bodies interested in it (Nagano: when several bodies
// plan the same system, a WG of those bodies studies it). The WG is an organ of kind working_group with
// a seat per body, held by the body's primary contact, so the WG's broadcasts and ballots reach them
// like any organ's. Run again later, it seats the bodies that became interested since (late joiners);
// it never removes a seat — that stays the secretariat's call (`seats`).
import type { Db, DbOrTx } from "../../storage/database.ts";
import { translator } from "../../engine/i18n.ts";
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import { DomainError } from "../errors.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import { seatContacts } from "../reminders/contacts.ts";
import { candidateLabel } from "./find-candidate.ts";
import type { InterestLevel } from "./interest-levels.ts";

/** Who joins by default: bodies that plan to adopt it or are interested (Nagano counts 興味がある too). */
export const WG_LEVELS: InterestLevel[] = ["next_year", "year_after", "interested"];

/** Organ slugs as organs/create-organ.ts accepts them. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

export interface FormWgInput {
  candidateId: string;
  slug?: string;
  name?: string;
  levels?: InterestLevel[];
  actor: string;
}

/** The person who holds the body's seat: its primary contact, or its only staff member. */
function representative(staff: Array<{ personId: string; primaryContact: boolean }>): string | null {
  const primary = staff.find((s) => s.primaryContact);
  if (primary) return primary.personId;
  return staff.length === 1 ? staff[0]!.personId : null;
}

export async function formWorkingGroup(db: Db, input: FormWgInput, now: Date) {
  const levels = input.levels ?? WG_LEVELS;
  const result = await db.$transaction(async (tx) => {
    const candidate = await tx.procurementCandidate.findUniqueOrThrow({ where: { id: input.candidateId } });
    if (candidate.archivedAt) throw new DomainError("candidates.archived", { label: candidateLabel(candidate) });
    const interests = await tx.candidateInterest.findMany({ where: { candidateId: candidate.id, current: true, level: { in: levels } } });
    const bodies = await tx.body.findMany({
      where: { id: { in: interests.map((i) => i.bodyId) }, active: true },
      include: { staff: { where: { endedAt: null }, orderBy: { startedAt: "asc" } } },
      orderBy: [{ code: { sort: "asc", nulls: "last" } }, { name: "asc" }],
    });
    let organ = candidate.workingGroupId ? await tx.organ.findUnique({ where: { id: candidate.workingGroupId } }) : null;
    if (organ?.dissolvedAt) organ = null;
    const created = !organ;
    if (!organ) {
      // A working group is for several bodies; one interested body studies on its own.
      if (bodies.length < 2) throw new DomainError("candidates.wg.tooFew", { count: bodies.length });
      const slug = input.slug ?? (await freeSlug(tx, candidate.councilId, `wg-${candidate.number}`));
      if (!SLUG.test(slug)) throw new DomainError("organs.badSlug", { slug });
      if (await tx.organ.findUnique({ where: { councilId_slug: { councilId: candidate.councilId, slug } } }))
        throw new DomainError("organs.slugTaken", { slug });
      const name = input.name?.trim() || `${candidate.name}WG`;
      organ = await tx.organ.create({
        data: {
          councilId: candidate.councilId,
          slug,
          name,
          nameEn: `${candidate.name} working group`,
          kind: "working_group",
          createdAt: now,
        },
      });
      await appendAuditEntry(tx, {
        actor: input.actor,
        action: "organs.create",
        subject: `organ:${organ.id}`,
        payload: { slug, name, kind: "working_group", candidateId: candidate.id },
        at: now,
      });
      await tx.procurementCandidate.update({ where: { id: candidate.id }, data: { workingGroupId: organ.id, updatedAt: now } });
    }
    const existing = new Set((await tx.seat.findMany({ where: { organId: organ.id }, select: { bodyId: true } })).map((s) => s.bodyId));
    const added: Array<{ seatId: string; bodyId: string; bodyName: string; representativeId: string | null }> = [];
    for (const body of bodies) {
      if (existing.has(body.id)) continue;
      const representativeId = representative(body.staff);
      const seat = await tx.seat.create({ data: { organId: organ.id, bodyId: body.id, representativeId, role: "member" } });
      added.push({ seatId: seat.id, bodyId: body.id, bodyName: body.name, representativeId });
    }
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "candidates.wg.form",
      subject: `candidate:${candidate.id}`,
      payload: {
        organId: organ.id,
        created,
        levels,
        seats: added.map((a) => ({ seatId: a.seatId, bodyId: a.bodyId, representativeId: a.representativeId })),
      },
      at: now,
    });
    // The new members hear of it in their DM; the outbox sends it within office hours.
    const notice =
      added.length > 0
        ? await noticeNewMembers(
            tx,
            candidate,
            organ,
            added.map((a) => a.seatId),
            now,
          )
        : undefined;
    return { candidate, organ, created, added, alreadySeated: existing.size, notice };
  });
  return result;
}

async function freeSlug(tx: DbOrTx, councilId: string, base: string): Promise<string> {
  for (let i = 1; ; i += 1) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await tx.organ.findUnique({ where: { councilId_slug: { councilId, slug } } }))) return slug;
  }
}

async function noticeNewMembers(
  tx: DbOrTx,
  candidate: { id: string; number: number; name: string; councilId: string },
  organ: { id: string; name: string; slug: string },
  seatIds: string[],
  now: Date,
) {
  const council = await tx.council.findUniqueOrThrow({ where: { id: candidate.councilId } });
  const contacts = await seatContacts(tx, seatIds, now);
  const bodyOf = new Map<string, string>();
  for (const party of contacts.values()) for (const id of party.usualContactIds) if (!bodyOf.has(id)) bodyOf.set(id, party.bodyId);
  return queueMessages(tx, {
    source: `organ:${organ.id}:joined:${now.getTime()}`,
    personIds: [...bodyOf.keys()],
    bodyOf,
    render: (locale) => {
      const t = translator(locale);
      const text = t("candidates.wg.joinedNotice", { organ: organ.name, label: candidateLabel(candidate, locale) });
      return {
        text,
        blocks: [
          { type: "text", text },
          { type: "choices", actionId: COMMAND_ACTION, choices: [{ label: t("candidates.buttons.organ"), value: `organs ${organ.slug}` }] },
        ],
      };
    },
    notBefore: nextOfficeMoment(council, now),
  });
}

// Whom a ballot's opening notice reaches (each seat's representative and active alternates, or the
// body's staff where the seat has none — as queueBallotNotice sends it), and when it goes out: printed
// when the ballot is created, so the secretariat sees at once which seats will not hear of it.
import type { DbOrTx } from "../../storage/database.ts";
import { plannedReach, type AudienceReach } from "../delivery/audience-reach.ts";
import { seatContacts } from "../reminders/contacts.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import type { LoadedBallot } from "./find-ballot.ts";

export async function plannedBallotReach(
  db: DbOrTx,
  ballot: Pick<LoadedBallot, "councilId" | "roll" | "opensAt">,
  now: Date,
): Promise<AudienceReach & { announceAt: Date }> {
  const council = await db.council.findUniqueOrThrow({ where: { id: ballot.councilId } });
  const contacts = await seatContacts(
    db,
    ballot.roll.map((r) => r.seatId),
    ballot.opensAt > now ? ballot.opensAt : now,
  );
  const bodyOf = new Map<string, string>();
  for (const party of contacts.values()) for (const id of party.usualContactIds) if (!bodyOf.has(id)) bodyOf.set(id, party.bodyId);
  const reach = await plannedReach(db, { bodyIds: ballot.roll.map((r) => r.bodyId), bodyOf, now });
  return { ...reach, announceAt: nextOfficeMoment(council, ballot.opensAt > now ? ballot.opensAt : now) };
}

// Whom a survey's opening notice will reach (the usual contacts of each addressed body, as
// announce-survey.ts queues it), and when it goes out: printed when the survey is created, so the
// secretariat sees at once who will not hear of it.
import type { DbOrTx } from "../../storage/database.ts";
import { plannedReach, type AudienceReach } from "../delivery/audience-reach.ts";
import { bodyContacts } from "../reminders/contacts.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";

export async function plannedSurveyReach(db: DbOrTx, surveyId: string, now: Date): Promise<AudienceReach & { announceAt: Date }> {
  const survey = await db.survey.findUniqueOrThrow({ where: { id: surveyId }, include: { targets: true } });
  return plannedReachOfBodies(
    db,
    { councilId: survey.councilId, bodyIds: survey.targets.map((t) => t.bodyId), opensAt: survey.opensAt },
    now,
  );
}

/** The same, for a survey not created yet (the web console's preview): its bodies and opening time. */
export async function plannedReachOfBodies(
  db: DbOrTx,
  input: { councilId: string; bodyIds: string[]; opensAt: Date },
  now: Date,
): Promise<AudienceReach & { announceAt: Date }> {
  const council = await db.council.findUniqueOrThrow({ where: { id: input.councilId } });
  const contacts = await bodyContacts(db, input.bodyIds);
  const bodyOf = new Map<string, string>();
  for (const party of contacts.values()) for (const id of party.usualContactIds) if (!bodyOf.has(id)) bodyOf.set(id, party.bodyId);
  const reach = await plannedReach(db, { bodyIds: input.bodyIds, bodyOf, now });
  return { ...reach, announceAt: nextOfficeMoment(council, input.opensAt > now ? input.opensAt : now) };
}

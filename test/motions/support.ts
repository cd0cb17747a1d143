// Helpers for the motions tests: the example ballot file turned into a ballot, more named representatives
// on the 総会 (the demo names only six), and chat accounts linked without enrolment codes.
import { readFileSync } from "node:fs";
import { findBody } from "../../src/domain/bodies/find-body.ts";
import { linkIdentityDirectly } from "../../src/domain/identities/link-identity.ts";
import { parseBallotDefinition, parseDateTime } from "../../src/domain/motions/ballot-definition.ts";
import type { BallotRules } from "../../src/domain/motions/ballot-rules.ts";
import { createBallot } from "../../src/domain/motions/create-ballot.ts";
import { assignSeat } from "../../src/domain/organs/assign-seat.ts";
import { findOrgan } from "../../src/domain/organs/find-organ.ts";
import { addPerson } from "../../src/domain/people/add-person.ts";
import { addStaffMembership } from "../../src/domain/people/add-staff-membership.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

export const ZONE = "Asia/Tokyo";
export const jst = (iso: string) => new Date(`${iso}+09:00`);
export const EXAMPLE = new URL("../../scripts/examples/ballot-sokai-2017.yaml", import.meta.url);

/** The 総会 書面表決 of the example file, created by yamada (secretariat). */
export async function createExampleBallot(
  kyodo: TestKyodo,
  now: Date,
  overrides: { deadline?: Date; rules?: Partial<BallotRules>; organ?: string } = {},
) {
  const { definition } = parseBallotDefinition(readFileSync(EXAMPLE, "utf8"), "ballot-sokai-2017.yaml");
  const organ = await findOrgan(kyodo.db, kyodo.council.id, overrides.organ ?? definition.organ);
  const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
  return createBallot(
    kyodo.db,
    {
      councilId: kyodo.council.id,
      organId: organ.id,
      title: definition.title,
      deadline: overrides.deadline ?? parseDateTime(definition.deadline, ZONE)!,
      rules: { ...definition.rules, ...overrides.rules },
      motions: definition.motions.map((m) => ({ number: m.number, title: m.title, text: m.text, attachments: m.attachments })),
      createdBy: `person:${yamada.id}`,
      reminderOffsets: definition.reminders ?? undefined,
    },
    now,
    ZONE,
  );
}

/** Names a representative (rep-<code>) for each of the first `count` 総会 seats that have none. */
export async function nameRepresentatives(kyodo: TestKyodo, organSlug: string, count: number): Promise<string[]> {
  const organ = await findOrgan(kyodo.db, kyodo.council.id, organSlug);
  const seats = await kyodo.db.seat.findMany({
    where: { organId: organ.id, representativeId: null },
    include: { body: true },
    orderBy: { body: { code: "asc" } },
    take: count,
  });
  const handles: string[] = [];
  for (const seat of seats) {
    const handle = `rep-${seat.body.code ?? seat.bodyId.slice(-6)}`;
    const person = await addPerson(kyodo.db, kyodo.council.id, { handle, displayName: `${seat.body.name} 委員` }, "test");
    await addStaffMembership(kyodo.db, person.id, seat.bodyId, true, "test");
    await assignSeat(kyodo.db, { organId: organ.id, bodyId: seat.bodyId, representativeId: person.id }, "test");
    handles.push(handle);
  }
  return handles;
}

/** Links a person's chat account on a platform, remembering it as their direct conversation. */
export async function linkChat(kyodo: TestKyodo, handle: string, platform: string, userId: string, conversationId = `dm:${userId}`) {
  const person = await findPerson(kyodo.db, kyodo.council.id, handle);
  await linkIdentityDirectly(kyodo.db, { platform, workspace: "local", externalUserId: userId }, person.id, "test");
  await kyodo.db.chatIdentity.update({
    where: { platform_workspace_externalUserId: { platform, workspace: "local", externalUserId: userId } },
    data: { directRef: JSON.stringify({ platform, workspace: "local", conversationId, isDirect: true }) },
  });
  return person;
}

export async function bodyId(kyodo: TestKyodo, name: string): Promise<string> {
  return (await findBody(kyodo.db, kyodo.council.id, name)).id;
}

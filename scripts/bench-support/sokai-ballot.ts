// What the process benchmarks (bench-crash, scale-out) set up in the demo council: linked voters on free seats of
// the 総会, the example ballot open for a week, and the Slack button press of 「全議案に賛成」 on a voter's question.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { linkIdentityDirectly } from "../../src/domain/identities/link-identity.ts";
import { parseBallotDefinition } from "../../src/domain/motions/ballot-definition.ts";
import { createBallot } from "../../src/domain/motions/create-ballot.ts";
import { assignSeat } from "../../src/domain/organs/assign-seat.ts";
import { findOrgan } from "../../src/domain/organs/find-organ.ts";
import { addPerson } from "../../src/domain/people/add-person.ts";
import { addStaffMembership } from "../../src/domain/people/add-staff-membership.ts";
import type { Db } from "../../src/storage/database.ts";
import type { Post } from "./fake-slack-web-api.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The Slack workspace the benchmarks' voters are linked in. */
export const TEAM = "TBENCH";

export async function setUpVoters(db: Db, councilId: string, count: number): Promise<Array<{ user: string; personId: string }>> {
  const organ = await findOrgan(db, councilId, "sokai");
  const seats = await db.seat.findMany({
    where: { organId: organ.id, representativeId: null },
    include: { body: true },
    orderBy: { body: { code: "asc" } },
    take: count,
  });
  if (seats.length < count) throw new Error(`only ${seats.length} free seats on the 総会`);
  const voters: Array<{ user: string; personId: string }> = [];
  for (const [i, seat] of seats.entries()) {
    const user = `UB${String(i).padStart(4, "0")}`;
    const person = await addPerson(db, councilId, { handle: `bench-${i}`, displayName: `${seat.body.name} 委員` }, "bench");
    await addStaffMembership(db, person.id, seat.bodyId, true, "bench");
    await assignSeat(db, { organId: organ.id, bodyId: seat.bodyId, representativeId: person.id }, "bench");
    await linkIdentityDirectly(db, { platform: "slack", workspace: TEAM, externalUserId: user }, person.id, "bench");
    voters.push({ user, personId: person.id });
  }
  return voters;
}

export async function openBallot(db: Db, councilId: string): Promise<string> {
  const { definition } = parseBallotDefinition(
    readFileSync(join(ROOT, "scripts/examples/ballot-sokai-2017.yaml"), "utf8"),
    "ballot-sokai-2017.yaml",
  );
  const organ = await findOrgan(db, councilId, definition.organ);
  const now = new Date();
  const ballot = await createBallot(
    db,
    {
      councilId,
      organId: organ.id,
      title: definition.title,
      deadline: new Date(now.getTime() + 7 * 86_400_000),
      rules: { ...definition.rules },
      motions: definition.motions.map((m) => ({ number: m.number, title: m.title, text: m.text, attachments: m.attachments })),
      createdBy: "system:bench",
      reminderOffsets: [],
    },
    now,
    "Asia/Tokyo",
  );
  return ballot.id;
}

/** The block_actions payload of pressing 「全議案に賛成」 on the question in the voter's DM. */
export function pressPayload(user: string, question: Post): string {
  const blocks = (question.blocks ?? []).map((b, i) => ({ block_id: `b${i}`, ...b }));
  const block = blocks.find((b) => (b.elements ?? []).some((e) => e.type === "button" && e.text?.text === "全議案に賛成"));
  const button = block?.elements?.find((e) => e.text?.text === "全議案に賛成");
  if (!button) throw new Error("no 全議案に賛成 button in the question");
  const payload = {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), team_id: TEAM },
    api_app_id: "ABENCH",
    trigger_id: `${Date.now()}.${user}`,
    team: { id: TEAM },
    enterprise: null,
    container: { type: "message", message_ts: question.ts, channel_id: question.channel, is_ephemeral: false },
    channel: { id: question.channel },
    message: { type: "message", user: "UBOT", bot_id: "BBOT", ts: question.ts, text: question.text, blocks },
    actions: [
      {
        action_id: button.action_id,
        block_id: block!.block_id,
        text: button.text,
        value: button.value,
        type: "button",
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

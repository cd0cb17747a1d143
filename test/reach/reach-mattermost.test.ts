// Members who link with the slash command in a Mattermost team channel are reachable at once: Kyodo
// opens their direct channel itself (POST /api/v4/channels/direct, as the server does it), ballot calls
// arrive there, and a vote given in the channel shows no choices in front of the team.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot } from "../motions/support.ts";
import { readable, type Channel, type Person } from "../mattermost/support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "../mattermost/support/mattermost-kyodo.ts";

let t: MattermostKyodo;
let channel: Channel;
let sato: Person;
const DAY = 86_400_000;

const kyodoPostsIn = (channelId: string, person?: Person) => t.mm.seenIn(channelId, person).filter((p) => p.user_id === t.mm.bot.id);

/** A slash command in the team channel; resolves with what the person was shown there. */
async function slashInChannel(person: Person, text: string): Promise<string> {
  const before = kyodoPostsIn(channel.id, person).length;
  const answer = await t.mm.slash(person, channel, text);
  expect(answer.status).toBe(200);
  await t.settle();
  return kyodoPostsIn(channel.id, person).slice(before).map(readable).join("\n");
}

beforeAll(async () => {
  t = await startMattermostKyodo();
  channel = t.mm.channel("town-square");
  sato = t.mm.person("sato");
  await t.link(t.mm.person("yamada"), "yamada");
});
afterAll(async () => {
  await t?.dispose();
});

describe("reaching people on Mattermost", () => {
  it("a member who links in a team channel receives the next ballot call in their direct channel", async () => {
    const opened = t.mm.callsTo("POST", /^\/api\/v4\/channels\/direct$/).length;
    expect(await slashInChannel(sato, `link ${await t.kyodo.codeFor("sato")}`)).toContain("佐藤 一郎");
    expect(t.mm.callsTo("POST", /^\/api\/v4\/channels\/direct$/).length).toBeGreaterThan(opened);

    const now = new Date();
    await createExampleBallot(t.kyodo, now, { deadline: new Date(now.getTime() + 7 * DAY) });
    await t.kyodo.outbox.flush(new Date(now.getTime() + 3 * DAY));
    const inDirect = kyodoPostsIn(t.mm.dmOf(sato).id).map(readable).join("\n");
    expect(inDirect).toContain("表決をお願いします");
  });

  it("a vote given in the team channel is answered in the direct channel, without choices in the channel", async () => {
    const dm = t.mm.dmOf(sato);
    const before = kyodoPostsIn(dm.id).length;
    const inChannel = await slashInChannel(sato, "vote 1 議案2 反対");
    expect(inChannel).not.toContain("反対");
    const receipt = kyodoPostsIn(dm.id).slice(before).map(readable).join("\n");
    expect(receipt).toContain("表決を受け付けました");
    expect(receipt).toContain("反対");
  });

  it("when Mattermost refuses the direct channel, the secretariat is told who and why", async () => {
    const takahashi = t.mm.person("takahashi");
    // Refused both when the adapter checks whether the command came from the direct channel and when Kyodo opens it.
    t.mm.failNext("POST", /^\/api\/v4\/channels\/direct$/, 403, 2);
    const linked = await slashInChannel(takahashi, `link ${await t.kyodo.codeFor("takahashi")}`);
    expect(linked).toContain("ダイレクトメッセージを送れません");
    const person = await findPerson(t.kyodo.db, t.kyodo.council.id, "takahashi");
    const identity = await t.kyodo.db.chatIdentity.findFirstOrThrow({ where: { personId: person.id } });
    expect(identity.directRef).toBeNull();
    expect(identity.unreachableReason).toMatch(/^mattermost:403:/);
    const notice = await t.kyodo.db.delivery.findFirstOrThrow({ where: { source: { startsWith: "unreachable:" } } });
    expect(notice.message).toContain("高橋");
  });
});

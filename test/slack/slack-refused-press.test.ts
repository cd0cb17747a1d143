// A button press whose action fails must not look chosen, and pressing the same button again must work
// (issue #15: a failed vote still showed "✅ chosen", and the same press was ignored afterwards). Here the
// vote is refused because the voter no longer holds the seat; once the seat is given back, the same
// button records the vote.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot } from "../motions/support.ts";
import { BOT_TOKEN, FakeSlack, type ApiCall } from "./support/fake-slack.ts";
import {
  directMessage,
  dmOf,
  press,
  readable,
  sendEvent,
  sendInteraction,
  sendSlash,
  SIGNING_SECRET,
  slashCommand,
} from "./support/slack-requests.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
const sato = { team: "T0001", user: "U0SATO" };

interface MessageArgs {
  channel?: string;
  ts?: string;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
}
const argsOf = (call: ApiCall) => call.args as MessageArgs;

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
  const slash = slashCommand(sato, `link ${await kyodo.codeFor("sato")}`, fake.responseUrl());
  await sendSlash(kyodo.baseUrl, slash);
  await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0);
  const now = new Date();
  await createExampleBallot(kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

describe("a refused button press on Slack", () => {
  it("is not marked chosen, and the same button works once the refusal no longer applies", async () => {
    const startedAt = fake.mark();
    await sendEvent(kyodo.baseUrl, directMessage(sato, "vote"));
    const posts = await fake.waitFor(() => fake.postsTo(dmOf(sato), startedAt).length >= 2 && fake.postsTo(dmOf(sato), startedAt));
    const question = posts.at(-1)!;
    expect(readable(argsOf(question).blocks)).toContain("どのように表決しますか？");
    const surface = {
      kind: "message" as const,
      channel: dmOf(sato),
      ts: (question.result as { ts: string }).ts,
      blocks: argsOf(question).blocks ?? [],
      text: argsOf(question).text,
      responseUrl: fake.responseUrl(),
    };

    // The secretariat moves 千葉市's seat on 総会 to someone else while Sato looks at the question.
    const person = await kyodo.db.person.findFirstOrThrow({ where: { handle: "sato" } });
    const held = await kyodo.db.seat.findMany({ where: { representativeId: person.id } });
    const other = await kyodo.db.person.findFirstOrThrow({ where: { handle: "tanaka" } });
    await kyodo.db.seat.updateMany({ where: { representativeId: person.id }, data: { representativeId: other.id } });

    const firstAt = fake.mark();
    expect((await sendInteraction(kyodo.baseUrl, press(sato, surface, "全議案に賛成"))).status).toBe(200);
    const [refusal] = await fake.waitFor(() => fake.postsTo(dmOf(sato), firstAt).length > 0 && fake.postsTo(dmOf(sato), firstAt));
    expect(readable(argsOf(refusal!).blocks)).not.toContain("表決を受け付けました");
    await kyodo.inbox.idle();
    await fake.settle();
    // Nothing was chosen: the question keeps its buttons.
    expect(fake.callsTo("chat.update").filter((u) => readable(argsOf(u).blocks).includes("✅"))).toEqual([]);
    expect(await kyodo.db.motionVote.count({ where: { personId: person.id } })).toBe(0);

    // The seat comes back; the very same button is pressed again and counts.
    for (const seat of held) await kyodo.db.seat.update({ where: { id: seat.id }, data: { representativeId: person.id } });
    const secondAt = fake.mark();
    expect((await sendInteraction(kyodo.baseUrl, press(sato, surface, "全議案に賛成"))).status).toBe(200);
    const [receipt] = await fake.waitFor(() => fake.postsTo(dmOf(sato), secondAt).length > 0 && fake.postsTo(dmOf(sato), secondAt));
    expect(readable(argsOf(receipt!).blocks)).toContain("表決を受け付けました");
    await fake.waitFor(() => fake.callsTo("chat.update").length > 0);
    expect(readable(argsOf(fake.callsTo("chat.update")[0]!).blocks)).toContain("全議案に賛成");
    expect(await kyodo.db.motionVote.count({ where: { personId: person.id, current: true } })).toBe(4);
  });
});

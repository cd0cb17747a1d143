// In a LINE group linked to an organ, pressing 「表決する」 under the ballot notice starts the vote in the
// member's 1:1 chat with Kyodo (push by user id); the group hears only that it continued there, never
// the member's choices. Signed webhooks into a real Kyodo, answers through the fake LINE API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { deliveredText, startLineKyodo, type LineKyodo } from "../line/support/line-kyodo.ts";
import { postbackEvent, textEvent } from "../line/support/line-webhook.ts";
import { createExampleBallot } from "../motions/support.ts";

let t: LineKyodo;
const GROUP = "C0123456789abcdef0123456789abcdef";
const yamada = "U-yamada-line";
const tanaka = "U-tanaka-line";
const DAY = 86_400_000;

/** The postback data of the button labelled `label` anywhere in a delivered message. */
function postbackData(messages: unknown[], label: string): string | undefined {
  const seen: unknown[] = [...messages];
  while (seen.length > 0) {
    const node = seen.pop();
    if (!node || typeof node !== "object") continue;
    const o = node as Record<string, unknown>;
    if (o.type === "postback" && o.label === label && typeof o.data === "string") return o.data;
    seen.push(...Object.values(o));
  }
  return undefined;
}

/** After an event in the group: what the group saw (the reply to the event, by its token, or a push to it). */
const toGroup = () => t.line.deliveries.filter((d) => !d.to.includes(tanaka));

beforeAll(async () => {
  t = await startLineKyodo();
  await t.send(textEvent({ userId: yamada, text: `link ${await t.kyodo.codeFor("yamada")}` }));
  await t.send(textEvent({ userId: yamada, groupId: GROUP, text: "/kyodo link-organ sokai" }));
  // tanaka links inside the group: no 1:1 chat with Kyodo yet.
  await t.send(textEvent({ userId: tanaka, groupId: GROUP, text: `/kyodo link ${await t.kyodo.codeFor("tanaka")}` }));
});
afterAll(async () => {
  await t?.dispose();
});

describe("voting from a LINE group", () => {
  it("a member who linked in the group is reachable in their 1:1 chat", async () => {
    const person = await findPerson(t.kyodo.db, t.kyodo.council.id, "tanaka");
    const identity = await t.kyodo.db.chatIdentity.findFirstOrThrow({ where: { personId: person.id, platform: "line" } });
    expect(JSON.parse(identity.directRef!)).toMatchObject({ conversationId: tanaka, isDirect: true });
  });

  it("「表決する」 in the group runs the vote in the member's 1:1 chat, leaving no choices in the group", async () => {
    const now = new Date();
    await createExampleBallot(t.kyodo, now, { deadline: new Date(now.getTime() + 7 * DAY) });
    t.line.reset();
    await t.kyodo.outbox.flush(new Date(now.getTime() + 3 * DAY));
    expect(deliveredText(t.line.deliveries.filter((d) => d.to.includes(tanaka)))).toContain("表決をお願いします");
    const notice = t.line.deliveries.find((d) => d.to.includes(GROUP));
    const data = notice && postbackData(notice.messages, "表決する");
    expect(data).toBeTruthy();

    t.line.reset();
    await t.send(postbackEvent({ userId: tanaka, groupId: GROUP, data: data! }));
    const inGroup = deliveredText(toGroup());
    expect(inGroup).toContain("ダイレクトメッセージでお送りしました");
    expect(inGroup).not.toContain("全議案に賛成");
    const personal = t.line.deliveries.filter((d) => d.kind === "push" && d.to.includes(tanaka));
    expect(deliveredText(personal)).toContain("どのように表決しますか？");

    // The typed answer in the 1:1 chat finishes the vote started in the group; the receipt stays there.
    t.line.reset();
    await t.send(textEvent({ userId: tanaka, text: "全議案反対" }));
    expect(deliveredText(t.line.deliveries)).toContain("表決を受け付けました");
    expect(t.line.deliveries.filter((d) => d.to.includes(GROUP))).toHaveLength(0);

    // Voting again from the group with the choices in the command: the receipt goes to the 1:1 chat.
    t.line.reset();
    await t.send(textEvent({ userId: tanaka, groupId: GROUP, text: "/kyodo vote 1 議案2 賛成" }));
    expect(deliveredText(toGroup())).not.toContain("賛成");
    expect(deliveredText(t.line.deliveries.filter((d) => d.to.includes(tanaka)))).toContain("賛成");

    const person = await findPerson(t.kyodo.db, t.kyodo.council.id, "tanaka");
    const votes = await t.kyodo.db.motionVote.findMany({
      where: { personId: person.id, current: true },
      include: { motion: true },
      orderBy: { motion: { number: "asc" } },
    });
    expect(votes.map((v) => v.choice)).toEqual(["against", "for", "against", "against"]);
  });
});

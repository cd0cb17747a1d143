// The behaviours every channel must have (issue #18), written once and run against each channel's harness
// (test/contract/<channel>.contract.test.ts). One Kyodo per channel file, on its own SQLite file, with the
// example 総会 ballot open. A capability the channel declares Missing is skipped with the reason in the test's
// name; the rest must pass, and a failure here is a bug of that channel's adapter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueMessages } from "../../src/domain/delivery/queue-messages.ts";
import { addPerson } from "../../src/domain/people/add-person.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { closeBallot } from "../../src/domain/motions/close-ballot.ts";
import { createBallot } from "../../src/domain/motions/create-ballot.ts";
import { findOrgan } from "../../src/domain/organs/find-organ.ts";
import { createExampleBallot, ZONE } from "../motions/support.ts";
import { isMissing, METHODS_OF, type Capabilities, type ChannelHarness, type Shown } from "./channel-harness.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

const DAY = 86_400_000;
/** In a receipt, whatever the channel: the code that proves the vote was recorded (smith reads English). */
const RECEIPT = /(受付番号|Receipt)\s*[0-9A-Z]{4}-[0-9A-Z]{4}/;

const textOf = (shown: Shown[]) => shown.map((s) => s.text).join("\n");
/** How to link, in the words of the instructions for someone not linked yet. */
const LINK_HOWTO = /(連携|link) 登録コード/;
/** 100 characters of a long document, line by line. */
const LONG_LINE = `${"長い本文です。".repeat(14)}\n`;

/** `it` when the channel has the capabilities; otherwise a skipped test whose name says which is missing and why. */
function when(capabilities: Capabilities, needs: keyof Capabilities | Array<keyof Capabilities>, name: string, test: () => Promise<void>) {
  const lacking = [needs].flat().find((need) => isMissing(capabilities[need]));
  const value = lacking && capabilities[lacking];
  if (isMissing(value)) it.skip(`${name} — Missing ${lacking}: ${value.missing}`, test);
  else it(name, test);
}

/** Long content arrived whole over several messages, or cut with a mark saying so; every part within the limit. */
function expectWithin(shown: Shown[], limit: number, beginnings: string[]) {
  const all = textOf(shown);
  for (const marker of beginnings) expect(all).toContain(marker);
  expect(shown.length > 1 || all.includes("…"), "split over several messages or cut with …").toBe(true);
  for (const size of shown.flatMap((s) => s.sizes)) expect(size).toBeLessThanOrEqual(limit);
}

export function describeChannelContract(makeHarness: () => ChannelHarness): void {
  const harness = makeHarness();
  const caps = harness.capabilities;
  const voteAll = harness.voteAllText ?? "vote 1 全議案賛成";

  /** What a forged or repeated request must not change. */
  async function stateCounts() {
    const db = harness.kyodo.db;
    return {
      inbox: await inboxDbOf(db).inboxEvent.count(),
      votes: await db.motionVote.count(),
      identities: await db.chatIdentity.count(),
      conversations: await db.conversationState.count(),
    };
  }

  async function votesOf(handle: string) {
    const person = await findPerson(harness.kyodo.db, harness.kyodo.council.id, handle);
    return harness.kyodo.db.motionVote.findMany({ where: { personId: person.id } });
  }

  async function pushTo(handle: string, text: string) {
    const person = await findPerson(harness.kyodo.db, harness.kyodo.council.id, handle);
    const now = new Date();
    const queued = await queueMessages(harness.kyodo.db, {
      source: `contract:${harness.channel}:${now.getTime()}:${Math.random()}`,
      personIds: [person.id],
      render: () => textMessage(text),
      notBefore: now,
      platforms: [harness.channel],
    });
    expect(queued.queued).toBe(1);
    return harness.flushOutbox();
  }

  describe(`the ${harness.channel} channel keeps the adapter contract`, () => {
    beforeAll(async () => {
      await harness.start();
      await createExampleBallot(harness.kyodo, new Date(), { deadline: new Date(Date.now() + 14 * DAY) });
      // Each demo person speaks as the platform user of the same name; suzuki links in a test of its own.
      for (const handle of ["yamada", "sato", "takahashi", "tanaka", "watanabe", "smith"]) await harness.link(handle, handle);
      // The ballot's calls to vote go out now, so later flushes carry only what a test queued.
      await harness.flushOutbox();
    });
    afterAll(async () => {
      await harness.stop();
    });

    it("has a method for every capability it declares", () => {
      const absent = Object.entries(METHODS_OF).flatMap(([capability, methods]) =>
        isMissing(caps[capability as keyof Capabilities]) ? [] : methods.filter((m) => typeof harness[m] !== "function"),
      );
      expect(absent).toEqual([]);
    });

    when(caps, "signatures", "refuses a forged or missing signature and changes nothing", async () => {
      const before = await stateCounts();
      for (const how of ["wrong", "absent"] as const) {
        const answer = await harness.sayForged!("smith", voteAll, how);
        expect(answer.refused, `${how} signature: ${answer.detail}`).toBe(true);
      }
      expect(await stateCounts()).toEqual(before);
      // The same words correctly signed do vote: the refusal above was the signature's doing.
      expect(textOf(await harness.say("smith", voteAll))).toMatch(RECEIPT);
      expect(await votesOf("smith")).toHaveLength(4);
    });

    when(caps, "redelivery", "handles a redelivered event once: one answer, one record", async () => {
      const before = (await votesOf("takahashi")).length;
      const shown = await harness.sayTwice!("takahashi", voteAll);
      expect(shown.filter((s) => RECEIPT.test(s.text))).toHaveLength(1);
      // Not worked on a second time either: no "already voted so, unchanged" answer for the repeat.
      expect(textOf(shown)).not.toMatch(/表決済みです|変更なし|表決は変わっていません|unchanged/);
      expect((await votesOf("takahashi")).length - before).toBe(4);
    });

    it("answers in the conversation a message came from, and pushes to the person's direct conversation", async () => {
      const direct = harness.conversationOf("watanabe", "direct");
      // Where people type no commands (email), a vote is what they send.
      const answered = await harness.say("watanabe", isMissing(caps.commands) ? voteAll : "help");
      expect(answered.length).toBeGreaterThan(0);
      expect(answered.map((s) => s.conversation)).toEqual(answered.map(() => direct));
      // Where the platform tells them apart, an answer is sent as one (LINE's reply token costs no push).
      expect(answered.filter((s) => s.via === "push")).toEqual([]);

      const marker = `contract push ${Date.now()}`;
      const pushed = (await pushTo("watanabe", marker)).filter((s) => s.text.includes(marker));
      expect(pushed.map((s) => s.conversation)).toEqual([direct]);
      expect(pushed.filter((s) => s.via === "reply")).toEqual([]);
    });

    when(caps, "groups", "answers a message from a shared conversation there, not in the direct one", async () => {
      const group = harness.conversationOf("watanabe", "group");
      expect(group).not.toBe(harness.conversationOf("watanabe", "direct"));
      const answered = await harness.say("watanabe", "help", "group");
      expect(answered.length).toBeGreaterThan(0);
      expect(answered.map((s) => s.conversation)).toEqual(answered.map(() => group));
    });

    when(
      caps,
      ["groups", "linking", "opensDirect"],
      "reaches someone who linked in a shared conversation in their direct one",
      async () => {
        await addPerson(harness.kyodo.db, harness.kyodo.council.id, { handle: "kimura", displayName: "木村 三郎" }, "test:contract");
        const linked = await harness.say("kimura", `link ${await harness.kyodo.codeFor("kimura")}`, "group");
        expect(textOf(linked)).toContain("木村 三郎");
        const marker = `contract push to kimura ${Date.now()}`;
        const pushed = (await pushTo("kimura", marker)).filter((s) => s.text.includes(marker));
        expect(pushed.map((s) => s.conversation)).toEqual([harness.conversationOf("kimura", "direct")]);
      },
    );

    when(caps, "messageLimit", "answers within the platform's limit when the answer is very long, splitting or cutting it", async () => {
      const limit = caps.messageLimit as number;
      // Motion texts may be 20,000 characters each (ballot definitions allow it); "vote 2" shows them all.
      const ballot = await createBallot(
        harness.kyodo.db,
        {
          councilId: harness.kyodo.council.id,
          organId: (await findOrgan(harness.kyodo.db, harness.kyodo.council.id, "kanjikai")).id,
          title: "長文の議案（契約テスト）",
          deadline: new Date(Date.now() + 7 * DAY),
          motions: [1, 2, 3].map((n) => ({ title: `長文の議案${n}`, text: `BEGIN-${n}\n${LONG_LINE.repeat(190)}END-${n}` })),
          createdBy: "test:contract",
        },
        new Date(),
        ZONE,
      );
      try {
        const shown = (await harness.say("yamada", `vote ${ballot.number}`)).filter(
          (s) => s.conversation === harness.conversationOf("yamada", "direct"),
        );
        expectWithin(shown, limit, ["BEGIN-1", "BEGIN-3"]);
        expect(harness.refusals()).toEqual([]);
      } finally {
        await closeBallot(harness.kyodo.db, ballot.id, new Date(), "secretariat", "test:contract");
      }
    });

    when(caps, "messageLimit", "pushes a very long message within the platform's limit, splitting or cutting it", async () => {
      const body = `BEGIN-PUSH\n${LONG_LINE.repeat(600)}END-PUSH`;
      const shown = (await pushTo("watanabe", body)).filter((s) => s.conversation === harness.conversationOf("watanabe", "direct"));
      expectWithin(shown, caps.messageLimit as number, ["BEGIN-PUSH"]);
      expect(harness.refusals()).toEqual([]);
    });

    it("continues a multi-step flow with a typed answer, to the receipt", async () => {
      const question = harness.askToVote ? await harness.askToVote("sato") : await harness.say("sato", "vote");
      // Chat asks how to vote; email sends the ballot with how to answer it by reply.
      expect(textOf(question)).toMatch(/どのように表決しますか|メールでの表決のしかた/);
      expect(textOf(question)).not.toMatch(RECEIPT);
      const receipt = await harness.say("sato", "全議案賛成");
      expect(textOf(receipt)).toMatch(RECEIPT);
      const votes = await votesOf("sato");
      expect(votes.filter((v) => v.current).map((v) => v.choice)).toEqual(["for", "for", "for", "for"]);
    });

    when(caps, "buttons", "continues a flow with a button press; a double click acts once", async () => {
      const question = await harness.say("tanaka", "vote");
      expect(textOf(question)).toContain("全議案に賛成");
      const shown = await harness.press!("tanaka", "全議案に賛成", 2);
      expect(shown.filter((s) => RECEIPT.test(s.text))).toHaveLength(1);
      const votes = await votesOf("tanaka");
      expect(votes).toHaveLength(4);
      expect(votes.filter((v) => v.current && v.choice === "for")).toHaveLength(4);
    });

    when(caps, "forms", "opens a form, shows mistakes under its fields, and previews what is right", async () => {
      const ballots = await harness.kyodo.db.ballot.count();
      const form = await harness.openForm!("yamada", "ballot new");
      expect(form.fields).toEqual(expect.arrayContaining(["title", "organ", "deadline", "motions"]));
      const values = { organ: "幹事会", deadline: "2099-12-25 17:00", motions: "1 令和8年度予算の承認について" };
      const wrong = await harness.submitForm!("yamada", { ...values, title: " " });
      // The words differ (a blank required field, or the dry run's check); what matters is where they show.
      expect(Object.keys(wrong.errors)).toEqual(["title"]);
      expect(wrong.errors.title).toMatch(/入力|件名/);
      expect(await harness.kyodo.db.ballot.count()).toBe(ballots);
      const right = await harness.submitForm!("yamada", { ...values, title: "契約テスト（書面表決）" });
      expect(right.errors).toEqual({});
      expect(textOf(right.shown)).toContain("表決の作成（確認）");
      expect(await harness.kyodo.db.ballot.count()).toBe(ballots);
      await harness.say("yamada", "キャンセル");
    });

    if (isMissing(caps.forms))
      when(caps, "commands", "without forms, asks a form's questions one at a time", async () => {
        const ballots = await harness.kyodo.db.ballot.count();
        const first = await harness.say("yamada", "ballot new");
        expect(textOf(first)).toContain("表決の件名を入力してください");
        const second = await harness.say("yamada", "契約テスト（書面表決）");
        expect(textOf(second)).toContain("どの会議体の表決ですか");
        await harness.say("yamada", "キャンセル");
        expect(await harness.kyodo.db.ballot.count()).toBe(ballots);
      });

    when(caps, "linking", "tells someone not linked how to link", async () => {
      const answer = textOf(await harness.say("stranger", "こんにちは"));
      expect(answer).toMatch(LINK_HOWTO);
      expect(answer).not.toContain("コマンドはありません");
    });

    when(caps, ["linking", "groups"], "tells someone not linked who asks in a shared conversation how to link, there", async () => {
      const answered = await harness.say("stranger", "vote", "group");
      expect(answered.map((s) => s.conversation)).toEqual(answered.map(() => harness.conversationOf("stranger", "group")));
      expect(textOf(answered)).toMatch(LINK_HOWTO);
    });

    when(caps, "linking", "links a person with an enrolment code", async () => {
      const answer = textOf(await harness.say("suzuki", `link ${await harness.kyodo.codeFor("suzuki")}`));
      expect(answer).toContain("鈴木 次郎 さんとして登録されています");
      const suzuki = await findPerson(harness.kyodo.db, harness.kyodo.council.id, "suzuki");
      expect(await harness.kyodo.db.chatIdentity.count({ where: { personId: suzuki.id, platform: harness.channel } })).toBe(1);
      expect(textOf(await harness.say("suzuki", "me"))).toContain("鈴木 次郎");
    });

    it("sent nothing, in all of the above, that the platform refused", () => {
      expect(harness.refusals()).toEqual([]);
    });
  });
}

// The per-ballot rules in practice, on a three-seat working group: early close when every seat has
// voted, votes that cannot be changed, a recused seat, deemed consent at the deadline, and a ballot that
// opens later (announced by a job).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPlainText } from "../../src/adapters/shared/render-plain-text.ts";
import type { BallotRules } from "../../src/domain/motions/ballot-rules.ts";
import { createBallot } from "../../src/domain/motions/create-ballot.ts";
import { findBallot } from "../../src/domain/motions/find-ballot.ts";
import { castVotes } from "../../src/domain/motions/cast-votes.ts";
import { loadBallot } from "../../src/domain/motions/find-ballot.ts";
import { parseVoteText } from "../../src/domain/motions/parse-vote-text.ts";
import { assignSeat } from "../../src/domain/organs/assign-seat.ts";
import { createOrgan } from "../../src/domain/organs/create-organ.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import type { InboundEvent, OutboundMessage } from "../../src/engine/messages.ts";
import { RecordingAdapter } from "../support/recording-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { bodyId, jst, linkChat, ZONE } from "./support.ts";

let now = jst("2026-11-24T10:00:00");
let kyodo: TestKyodo;
let organId: string;
const chat = new RecordingAdapter("console");
let n = 0;

async function send(user: string, text: string): Promise<OutboundMessage[]> {
  const event: InboundEvent = {
    kind: "text",
    eventId: `r${++n}`,
    ref: { platform: "console", workspace: "local", conversationId: `dm:${user}`, isDirect: true },
    user: { externalId: user },
    receivedAt: now,
    text,
  };
  return kyodo.engine.handle(event);
}
const say = async (user: string, text: string) =>
  (await send(user, text)).map((m) => renderPlainText(m, { numberChoices: true })).join("\n");

/** What the email path does with a reply's text (domain/email/vote-by-email.ts): read it, record what is clear. */
async function voteByText(input: { ballotId: string; personId: string; text: string; channel: string; sourceRef?: string }) {
  const ballot = await loadBallot(kyodo.db, input.ballotId);
  const parsed = parseVoteText(input.text, {
    motions: ballot.motions.map((m) => ({ number: m.number, title: m.title, options: m.options })),
  });
  const choices = parsed.choices.map((c) => ({ motionNumber: c.motion, option: c.option }));
  const receipt =
    choices.length > 0
      ? await castVotes(
          kyodo.db,
          { ballotId: ballot.id, personId: input.personId, choices, channel: input.channel, sourceRef: input.sourceRef },
          now,
        )
      : undefined;
  return { parsed, receipt };
}

async function ballot(title: string, rules: Partial<BallotRules>, extra: { opensAt?: Date; recused?: string[]; deadline?: Date } = {}) {
  return createBallot(
    kyodo.db,
    {
      councilId: kyodo.council.id,
      organId,
      title,
      rules,
      opensAt: extra.opensAt,
      deadline: extra.deadline ?? jst("2026-12-04T17:00:00"),
      motions: [
        {
          title: "AI議事録システムの共同調達について",
          recusedBodyIds: await Promise.all((extra.recused ?? []).map((b) => bodyId(kyodo, b))),
        },
        { title: "WGの設置期間の延長について" },
      ],
      createdBy: "test:secretariat",
    },
    now,
    ZONE,
  );
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  kyodo.outbox.register(chat);
  organId = (await createOrgan(kyodo.db, kyodo.council.id, { slug: "ai-wg", name: "AI議事録WG", kind: "working_group" }, "test")).id;
  for (const [body, handle, role] of [
    ["千葉市", "sato", "chair"],
    ["銚子市", "takahashi", "member"],
    ["我孫子市", "tanaka", "member"],
  ] as const) {
    const person = await findPerson(kyodo.db, kyodo.council.id, handle);
    await assignSeat(kyodo.db, { organId, bodyId: await bodyId(kyodo, body), representativeId: person.id, role }, "test");
    await linkChat(kyodo, handle, "console", handle);
  }
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("ballot rules in practice", () => {
  it("closes as soon as every seat has voted, and stops the reminders", async () => {
    const b = await ballot("早期締切の表決", {});
    await say("sato", `vote ${b.number} 全議案賛成`);
    await say("takahashi", `vote ${b.number} 全議案賛成`);
    expect((await findBallot(kyodo.db, kyodo.council.id, b.number)).closedAt).toBeNull();
    const last = await say("tanaka", `vote ${b.number} 議案1 反対、議案2 賛成`);
    expect(last).toContain("全席の表決がそろったため、表決を締め切りました");
    const closed = await findBallot(kyodo.db, kyodo.council.id, b.number);
    expect(closed).toMatchObject({ closedReason: "all_voted" });
    expect(closed.motions.map((m) => m.outcome)).toEqual(["passed", "passed"]);
    const deadline = await kyodo.db.deadline.findUniqueOrThrow({
      where: { subjectType_subjectId: { subjectType: "ballot", subjectId: b.id } },
    });
    expect(await kyodo.db.job.count({ where: { key: { startsWith: `deadline:${deadline.id}:` }, state: "pending" } })).toBe(0);
    await kyodo.scheduler.tick(now);
    expect(chat.textsFor("dm:takahashi").at(-1)).toContain("全席の表決がそろったため");
  });

  it("refuses a change when the ballot does not allow it, and asks for confirmation on buttons", async () => {
    const b = await ballot("変更不可の表決", { allowChange: false });
    const card = await send("sato", `vote ${b.number}`);
    const choices = card.flatMap((m) => m.blocks).find((x) => x.type === "choices");
    expect(choices && choices.type === "choices" && choices.confirm?.text).toContain("後から変更できません");
    expect(await say("sato", "議案1 賛成")).toContain("この表決は変更できません");
    const refused = await say("sato", `vote ${b.number} 議案1 反対`);
    expect(refused).toContain("議案1 AI議事録システムの共同調達について は表決済みです。この表決では変更できません");
    expect(refused).not.toContain("受付番号");
    const votes = await kyodo.db.motionVote.findMany({ where: { ballotId: b.id } });
    expect(votes.map((v) => v.choice)).toEqual(["for"]);
  });

  it("a recused seat cannot vote on that motion and leaves its roll", async () => {
    const b = await ballot("除斥のある表決", { earlyClose: false }, { recused: ["銚子市"] });
    const card = await say("takahashi", `vote ${b.number}`);
    expect(card).toContain("この議案はあなたの席が除斥されているため、表決できません");
    const answer = await say("takahashi", "全議案賛成");
    expect(answer).toContain("議案1 AI議事録システムの共同調達について は 銚子市 の席が除斥されているため表決できません");
    expect(answer).toContain("（1件）");
    await say("sato", `vote ${b.number} 全議案反対`);
    now = jst("2026-12-04T17:00:00");
    await kyodo.scheduler.tick(now);
    const closed = await findBallot(kyodo.db, kyodo.council.id, b.number);
    // 議案1: two eligible seats, one voted against (quorum of 2 not met); 議案2: three seats, two voted.
    expect(JSON.parse(closed.motions[0]!.tally!)).toMatchObject({ eligible: 2, voted: 1, quorumMet: false });
    expect(closed.motions.map((m) => m.outcome)).toEqual(["no_quorum", "rejected"]);
    now = jst("2026-11-24T10:00:00");
  });

  it("deemed consent: seats that did not object by the deadline count in favour", async () => {
    const b = await ballot("メール審議（異議がなければ承認）", { deemedConsent: true }, { deadline: jst("2026-12-04T17:00:00") });
    expect(await say("tanaka", `vote ${b.number} 議案2 異議あり`)).toContain("受付番号");
    now = jst("2026-12-04T17:00:00");
    await kyodo.scheduler.tick(now);
    const closed = await findBallot(kyodo.db, kyodo.council.id, b.number);
    expect(closed.motions.map((m) => m.outcome)).toEqual(["passed", "passed"]);
    expect(JSON.parse(closed.motions[1]!.tally!)).toMatchObject({ voted: 1, deemed: 2, for: 2, against: 1 });
    expect(chat.textsFor("dm:sato").at(-1)).toContain("メール審議（異議がなければ承認）");
    expect(await say("sato", `vote ${b.number} results`)).toMatch(/2（うちみなし2）\s+1\s+0\s+1\/3\s+可決/);
    now = jst("2026-11-24T10:00:00");
  });

  it("a vote by email and a vote in chat from the same seat resolve by the ballot's change rule", async () => {
    const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
    const open = await ballot("メールとチャットの表決", { earlyClose: false });
    // An email reply as issue #8 will pass it on: body text, the email channel, the message id.
    const byEmail = await voteByText({
      ballotId: open.id,
      personId: sato.id,
      text: "議案1：賛成\n議案2：異議ありません\n議案3：賛成",
      channel: "email",
      sourceRef: "<reply-1@example.jp>",
    });
    expect(byEmail.receipt?.recorded.map((r) => [r.motionNumber, r.option])).toEqual([
      [1, "for"],
      [2, "for"],
    ]);
    expect(byEmail.parsed.unclear).toEqual([{ reason: "unknown_motion", motions: [3], phrase: "議案3:賛成" }]);
    expect(await say("sato", `vote ${open.number} 議案2 反対`)).toContain("賛成 から変更");
    const rows = await kyodo.db.motionVote.findMany({ where: { ballotId: open.id }, orderBy: { castAt: "asc" } });
    expect(rows.map((r) => [r.channel, r.choice, r.current])).toEqual([
      ["email", "for", true],
      ["email", "for", false],
      ["console", "against", true],
    ]);
    const audit = await kyodo.db.auditEntry.findFirstOrThrow({
      where: { action: "motions.vote", payload: { contains: "reply-1@example.jp" } },
    });
    expect(JSON.parse(audit.payload)).toMatchObject({ channel: "email", sourceRef: "<reply-1@example.jp>" });

    const strict = await ballot("メール審議（変更不可）", { allowChange: false, earlyClose: false });
    await voteByText({ ballotId: strict.id, personId: sato.id, text: "全議案賛成", channel: "email" });
    expect(await say("sato", `vote ${strict.number} 議案1 反対`)).toContain("この表決では変更できません");
  });

  it("a ballot that opens later is announced by a job and takes votes only from then", async () => {
    const b = await ballot("来週開始の表決", {}, { opensAt: jst("2026-11-30T09:00:00") });
    expect(await say("sato", `vote ${b.number}`)).toContain("の表決は 2026年11月30日(月) 09:00 に始まります");
    const aboutIt = () => chat.textsFor("dm:sato").filter((t) => t.includes("来週開始の表決"));
    await kyodo.scheduler.tick(jst("2026-11-27T12:00:00"));
    expect(aboutIt()).toHaveLength(0);
    now = jst("2026-11-30T09:00:00");
    await kyodo.scheduler.tick(now);
    expect(aboutIt()).toHaveLength(1);
    expect(aboutIt()[0]).toContain("「表決7 来週開始の表決」について表決をお願いします");
    expect(await say("sato", `vote ${b.number} 全議案賛成`)).toContain("受付番号");
  });
});

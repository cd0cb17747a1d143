// Issue #17 in the chat: typed refusals and hedges (「賛成とは言えません」「賛成は困難です」) are asked
// back and never recorded, and after one the question goes motion by motion instead of offering
// 「全議案に賛成」 first — on the 総会 書面表決 of the example file (議案1–4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst } from "./support.ts";

let kyodo: TestKyodo;
const now = jst("2026-11-24T10:00:00");
const sessions: ConsoleSession[] = [];

async function chatAs(handle: string): Promise<ConsoleSession> {
  const session = new ConsoleSession(kyodo.engine, `u-${handle}`);
  sessions.push(session);
  await session.say(`link ${await kyodo.codeFor(handle)}`);
  return session;
}
async function votesOf(handle: string): Promise<string> {
  const person = await findPerson(kyodo.db, kyodo.council.id, handle);
  const votes = await kyodo.db.motionVote.findMany({
    where: { personId: person.id, current: true },
    include: { motion: true },
    orderBy: { motion: { number: "asc" } },
  });
  return votes.map((v) => `${v.motion.number}:${v.choice}`).join(" ");
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  await createExampleBallot(kyodo, now);
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  await kyodo.dispose();
});

describe("typed refusals in the voting conversation", () => {
  it("asks back about a refusal, one motion at a time, and records nothing it was not told", async () => {
    const sato = await chatAs("sato");
    expect(await sato.say("vote")).toContain("1) 全議案に賛成");

    const refused = await sato.say("賛成とは言えません");
    expect(refused).toContain("「賛成とは言えません」には条件・留保・否定などが含まれているようで");
    // Not 「全議案に賛成」 first: someone who just hedged is asked about each motion.
    expect(refused).not.toContain("全議案に賛成");
    expect(refused).toContain("表決してください: 議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について");
    expect(await votesOf("sato")).toBe("");

    const negated = await sato.say("反対しません");
    expect(negated).toContain("「反対しません」は賛成・反対・棄権のどれか判断できませんでした");
    expect(negated).not.toContain("全議案に賛成");
    expect(await votesOf("sato")).toBe("");

    // "1" now answers 議案1 with 賛成, and only 議案1.
    expect(await sato.say("1")).toMatch(/議案1 .*\s+賛成/);
    expect(await votesOf("sato")).toBe("1:for");
  });

  it("asks about the hedged motion, not one read in the same message", async () => {
    const takahashi = await chatAs("takahashi");
    await takahashi.say("vote");
    const reply = await takahashi.say("議案1 賛成。議案2は修正されれば賛成。");
    expect(reply).toMatch(/議案1 .*\s+賛成/);
    expect(reply).toContain("「議案2は修正されれば賛成」には条件・留保・否定などが含まれているようで");
    expect(reply).toContain("表決してください: 議案2 平成30年度ちば電子申請システム利用負担金額（案）の決定について");
    expect(await votesOf("takahashi")).toBe("1:for");
  });
});

describe("typed refusals right after the notice, without a command", () => {
  it("are asked back in the voting conversation rather than recorded or called an unknown command", async () => {
    const tanaka = await chatAs("tanaka");
    const reply = await tanaka.say("賛成は困難です");
    expect(reply).not.toContain("というコマンドはありません");
    expect(reply).toContain("「賛成は困難です」には条件・留保・否定などが含まれているようで");
    expect(reply).not.toContain("全議案に賛成");
    expect(await votesOf("tanaka")).toBe("");
    // Text that is no vote at all is still an unknown command.
    const watanabe = await chatAs("watanabe");
    expect(await watanabe.say("資料を拝読しました")).toContain("というコマンドはありません");
  });
});

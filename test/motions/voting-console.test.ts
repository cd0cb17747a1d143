// Voting in the console, as committee members would: buttons (numbered choices), typed votes in the
// ways people write them, questions back when a vote is unclear, receipts and one's current votes, and
// the secretariat's turnout — on the 総会 書面表決 of the example file (議案1–4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  await createExampleBallot(kyodo, now);
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  await kyodo.dispose();
});

describe("voting in the console", () => {
  it("votes motion by motion with numbered buttons and gets a receipt for each", async () => {
    const sato = await chatAs("sato");
    const card = await sato.say("vote");
    expect(card).toContain("【表決1 平成29年度第2回総会（書面表決）】");
    expect(card).toContain("■ 議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について");
    expect(card).toContain("📎 別紙1");
    expect(card).toContain("席: 千葉市（委員）");
    expect(card).toContain("定足数: 席の過半数の表決が必要です");
    expect(card).toContain("可否同数のときは議長の表決で決します");
    expect(card).toContain("1) 全議案に賛成");
    expect(card).toContain("2) 議案ごとに表決する");

    const first = await sato.say("2");
    expect(first).toContain("表決してください: 議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について");
    expect(first).toMatch(/1\) 賛成\n\s+2\) 反対\n\s+3\) 棄権\n\s+4\) あとで/);

    const receipt = await sato.say("1");
    expect(receipt).toContain("【表決を受け付けました】");
    expect(receipt).toMatch(/受付番号: [A-Z2-9]{4}-[A-Z2-9]{4}/);
    expect(receipt).toContain("受付日時: 2026年11月24日(火) 10:00");
    expect(receipt).toMatch(/議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について\s+賛成/);
    expect(receipt).toContain("表決してください: 議案2 平成30年度ちば電子申請システム利用負担金額（案）の決定について");

    expect(await sato.say("2")).toMatch(/議案2 .*\s+反対/);
    expect(await sato.say("3")).toMatch(/議案3 .*\s+棄権/);
    const last = await sato.say("1");
    expect(last).toContain("すべての議案の表決を受け付けました");
    expect(last).toContain("期限（2026年12月25日(金) 17:00）までは変更できます");

    const mine = await sato.say("vote mine");
    expect(mine).toContain("【あなたの表決】");
    expect(mine).toMatch(/議案2 .*\s+反対\s+2026年11月24日/);
  });

  it("reads typed votes: several motions in one message, then bare answers for the motion asked", async () => {
    const takahashi = await chatAs("takahashi");
    await takahashi.say("表決");
    const partial = await takahashi.say("議案1 賛成、議案２ 反対です");
    expect(partial).toMatch(/議案1 .*\s+賛成/);
    expect(partial).toMatch(/議案2 .*\s+反対/);
    expect(partial).toContain("表決してください: 議案3 平成30年度ちば施設予約システム利用負担金額（案）の決定について");
    expect(await takahashi.say("承認します")).toMatch(/議案3 .*\s+賛成/);
    const done = await takahashi.say("異議ありません");
    expect(done).toMatch(/議案4 .*\s+賛成/);
    expect(done).toContain("すべての議案の表決を受け付けました");
  });

  it("asks back when a typed vote is unclear, and records nothing it had to guess", async () => {
    const tanaka = await chatAs("tanaka");
    await tanaka.say("vote");
    const which = await tanaka.say("賛成です");
    expect(which).toContain("「賛成です」はどの議案についてですか？");
    expect(which).toContain("1) 全議案に賛成");
    expect(which).toContain("2) 議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について：賛成");
    expect(
      await kyodo.db.motionVote.count({
        where: { personId: (await kyodo.db.person.findFirstOrThrow({ where: { handle: "tanaka" } })).id },
      }),
    ).toBe(0);

    // 「議案2以外は賛成」 answers the other motions (issue #17); 議案2 and the 議案7 it does not have are asked.
    const mixed = await tanaka.say("議案1は賛成、議案7は反対、議案2以外は賛成");
    expect(mixed).toMatch(/議案3 .*\s+賛成/);
    expect(mixed).toContain("議案7はこの表決にはありません（議案は4件です）");
    expect(mixed).toContain("表決してください: 議案2 平成30年度ちば電子申請システム利用負担金額（案）の決定について");
    expect(
      await kyodo.db.motionVote.count({
        where: { personId: (await kyodo.db.person.findFirstOrThrow({ where: { handle: "tanaka" } })).id },
      }),
    ).toBe(3);

    // After a negation Kyodo asks about that motion again rather than offering 「全議案に賛成」.
    const negated = await tanaka.say("反対しません");
    expect(negated).toContain("「反対しません」は賛成・反対・棄権のどれか判断できませんでした");
    expect(negated).not.toContain("全議案に賛成");
    expect(negated).toContain("表決してください: 議案2 平成30年度ちば電子申請システム利用負担金額（案）の決定について");
    const last = await tanaka.say("1");
    expect(last).toMatch(/議案2 .*\s+賛成/);
    expect(last).toContain("すべての議案の表決を受け付けました");
  });

  it("takes a vote typed on the command line in full-width, and says when nothing changed", async () => {
    const watanabe = await chatAs("watanabe");
    const receipt = await watanabe.say("／ｋｙｏｄｏ　ｖｏｔｅ　１　全議案賛成します");
    expect(receipt).toContain("【表決を受け付けました】");
    expect(receipt).toContain("（4件）");
    const again = await watanabe.say("vote 1 議案1 賛成");
    expect(again).toContain("既に「賛成」で表決済みです（変更なし）");
    expect(again).not.toContain("受付番号");
  });

  it("takes 「全議案賛成」 written without any command, right after the notice", async () => {
    const watanabe = await chatAs("watanabe");
    // (鎌ケ谷市 already voted 賛成 on everything earlier in this file, so the vote is confirmed unchanged.)
    const answer = await watanabe.say("全議案賛成です");
    expect(answer).toMatch(/議案4 .*は既に「賛成」で表決済みです/);
    expect(answer).toContain("すべての議案の表決を受け付けました");
    // Text that is no vote is still answered as an unknown command.
    expect(await watanabe.say("こんにちは")).toContain("というコマンドはありません");
  });

  it("answers an English speaker in English", async () => {
    const smith = await chatAs("smith");
    const card = await smith.say("vote");
    expect(card).toContain("Motion 1 平成30年度ちば電子調達システム利用負担金額（案）の決定について");
    expect(card).toContain("Quorum: more than half of the seats must vote");
    expect(card).toContain("1) For all motions");
    const receipt = await smith.say("Motion 1: for, motion 2: against, motion 3: abstain, motion 4: for");
    expect(receipt).toContain("Vote received");
    expect(receipt).toContain("Your votes on all motions are recorded.");
  });

  it("tells someone without a seat on the 総会 that they cannot vote", async () => {
    const suzuki = await chatAs("suzuki");
    expect(await suzuki.say("vote")).toContain("表決をお願いしている議案は今ありません");
    expect(await suzuki.say("vote 1")).toContain("表決1（総会）で表決できる席がありません");
  });

  it("shows the secretariat live turnout, the seats not yet voted, and home", async () => {
    const yamada = await chatAs("yamada");
    const status = await yamada.say("vote 1 status");
    expect(status).toContain("【表決1 平成29年度第2回総会（書面表決） の状況】");
    expect(status).toMatch(/全議案に表決した席 █+░+ 5\/56 \(9%\)/);
    expect(status).toContain("まだ表決していない席（51席）");
    expect(status).toMatch(/千葉県\s+山田 花子\s+議案1、議案2、議案3、議案4/);
    expect(status).toMatch(/船橋市\s+委員未登録/);
    const home = await yamada.say("home");
    expect(home).toContain("表決をお願いしている議案");
    expect(home).toContain("表決1 平成29年度第2回総会（書面表決）（千葉県）期限 2026年12月25日(金) 17:00 — 未表決 4/4件");
    expect(home).toMatch(/表決1 平成29年度第2回総会（書面表決）（期限 2026年12月25日\(金\) 17:00） █+░+ 5\/56/);
    // A member (not secretariat) may not see the turnout of others.
    const sato = await chatAs("sato");
    expect(await sato.say("vote 1 status")).toContain("権限");
  });
});

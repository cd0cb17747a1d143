// Creating a ballot in the console, step by step, as the secretariat would without a YAML file: each
// answer is checked with the same words as `ballot create --dry-run` (an unknown organ, a deadline in
// the past, a motion number used twice), a preview comes before anything is created, and members are
// refused in their own language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleSession } from "../support/console-session.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { jst } from "./support.ts";

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
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  await kyodo.dispose();
});

describe("creating a ballot in the console", () => {
  it("asks step by step, refuses what the dry run refuses, previews, then creates", async () => {
    const yamada = await chatAs("yamada");
    expect(await yamada.say("表決 作成")).toContain("表決の件名を入力してください");
    const organ = await yamada.say("令和8年度第3回幹事会（書面表決）");
    expect(organ).toContain("どの会議体の表決ですか。");
    expect(organ).toContain("幹事会");

    expect(await yamada.say("存在しない会議体")).toContain("「存在しない会議体」という会議体は見つかりません。");
    expect(await yamada.say("幹事会")).toContain("期限を入力してください");
    expect(await yamada.say("2026-11-20 17:00")).toContain("期限が過去の日時です。これから先の日時を指定してください。");
    expect(await yamada.say("2026-12-10")).toContain("今すぐ開始");
    expect(await yamada.say("今すぐ開始")).toContain("議決の規則を選んでください。");
    expect(await yamada.say("メール審議（期限までに異議がなければ賛成）")).toContain("議案を入力してください");
    expect(await yamada.say("1 令和8年度予算の承認について")).toContain("議案1件を受け付けました");
    const duplicate = await yamada.say("1 会則の改正について");
    expect(duplicate).toContain("同じ議案番号が2回使われています。");
    expect(duplicate).toContain("議案1件を受け付けました");
    expect(await yamada.say("2 会則の改正について")).toContain("議案2件を受け付けました");

    // 「完了」 ends the list as well as the 以上 button: it is not taken for a third motion.
    const preview = await yamada.say("完了");
    expect(preview).toContain("表決の作成（確認）");
    expect(preview).toContain("令和8年度第3回幹事会（書面表決）");
    expect(preview).toContain("議案1 令和8年度予算の承認について");
    expect(preview).toContain("議案2 会則の改正について");
    expect(preview).toContain("2026年12月10日");
    expect(preview).toContain("今すぐ開始");
    expect(await kyodo.db.ballot.count()).toBe(0); // nothing before the confirmation

    const created = await yamada.say("作成する");
    expect(created).toMatch(/「表決1 令和8年度第3回幹事会（書面表決）」を作成しました（幹事会、\d+席、議案2件、期限 2026年12月10日/);
    const ballot = await kyodo.db.ballot.findFirstOrThrow({ include: { motions: { orderBy: { number: "asc" } } } });
    const person = await kyodo.db.person.findFirstOrThrow({ where: { handle: "yamada" } });
    expect(ballot.createdBy).toBe(`person:${person.id}`);
    expect(JSON.parse(ballot.rules)).toMatchObject({ deemedConsent: true });
    expect(ballot.motions.map((m) => [m.number, m.title])).toEqual([
      [1, "令和8年度予算の承認について"],
      [2, "会則の改正について"],
    ]);
  });

  it("refuses a member, in Japanese and in English", async () => {
    const sato = await chatAs("sato");
    expect(await sato.say("ballot new")).toContain("表決を作成できるのは事務局だけです。");
    const smith = await chatAs("smith");
    await kyodo.db.person.updateMany({ where: { handle: "smith" }, data: { locale: "en" } });
    expect(await smith.say("ballot new")).toContain("Only the secretariat can create ballots.");
  });

  it("says the problems in English to a secretariat member who reads English", async () => {
    const yamada = await chatAs("yamada");
    await kyodo.db.person.updateMany({ where: { handle: "yamada" }, data: { locale: "en" } });
    expect(await yamada.say("ballot new")).toContain("What is the ballot's title");
    await yamada.say("Extra meeting");
    await yamada.say("幹事会");
    expect(await yamada.say("2026-01-05")).toContain("The deadline is in the past.");
    await yamada.say("cancel");
    await kyodo.db.person.updateMany({ where: { handle: "yamada" }, data: { locale: "ja" } });
  });
});

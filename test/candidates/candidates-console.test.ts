// The candidates workflow through the real console channel, as the secretariat and member staff would
// type it: proposing a candidate, the board, each body's interest (buttons, typed words, one line),
// changing it with history, the 14th body of 56 passing the screening (and the secretariat's notice),
// a manual shortlist, the ranking survey answered in chat, a working group, the rule and the home.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSession } from "../support/console-session.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { bodies, linkedSession, recordFor, startCandidatesKyodo, type Clock } from "./support.ts";
import type { OutboundMessage } from "../../src/engine/messages.ts";

let kyodo: TestKyodo;
let clock: Clock;
let yamada: ConsoleSession;
let sato: ConsoleSession;
let takahashi: ConsoleSession;

beforeAll(async () => {
  ({ kyodo, clock } = await startCandidatesKyodo());
  yamada = await linkedSession(kyodo, "yamada");
  sato = await linkedSession(kyodo, "sato");
  takahashi = await linkedSession(kyodo, "takahashi");
});
afterAll(async () => {
  for (const s of [yamada, sato, takahashi]) await s?.close();
  await kyodo.dispose();
});

describe("procurement candidates in the console", () => {
  it("the secretariat proposes a candidate step by step", async () => {
    const empty = await yamada.say("案件");
    expect(empty).toContain("【共同調達の候補案件（会員56団体）】");
    expect(empty).toContain("候補案件はまだありません。");
    expect(await yamada.say("1")).toContain("案件の名称を入力してください");
    expect(await yamada.say("AI議事録作成システム")).toContain("分類を入力してください");
    expect(await yamada.say("業務効率化")).toContain("説明を入力してください");
    expect(await yamada.say("会議の音声から議事録を作成する")).toContain("知られている製品・事業者");
    expect(await yamada.say("ProVoXT（アドバンスト・メディア）、AmiVoice")).toContain("概算費用");
    expect(await yamada.say("年額 約702万円（14団体計）")).toContain("参考リンク");
    expect(await yamada.say("ftp://example")).toContain("「ftp://example」は http:// または https:// で始まるURLではありません。");
    const summary = await yamada.say("https://www.pref.kumamoto.jp/");
    expect(summary).toContain("製品・事業者: ProVoXT（アドバンスト・メディア）・AmiVoice");
    expect(summary).toContain("1) 登録する");
    expect(await yamada.say("1")).toContain("案件1 AI議事録作成システム を登録しました。");
    // A second one with its name on the command line, every field skipped by typing.
    await yamada.say("案件 new 電子契約システム");
    for (let i = 0; i < 5; i += 1) await yamada.say("スキップ");
    expect(await yamada.say("登録する")).toContain("案件2 電子契約システム を登録しました。");
  });

  it("member staff may not propose unless the council allows it", async () => {
    expect(await sato.say("案件 new 子育て支援アプリ")).toContain("この協議会では案件の登録は事務局が行います");
  });

  it("a body answers with buttons: level, target year, note", async () => {
    const list = await sato.say("関心");
    expect(list).toContain("【千葉市の関心】");
    expect(list).toMatch(/案件1 AI議事録作成システム\s+未回答/);
    expect(list).toContain("1) 案件1に回答");
    const card = await sato.say("1");
    expect(card).toContain("【案件1 AI議事録作成システム】");
    expect(card).toContain("千葉市 はまだ回答していません。");
    expect(card).toMatch(/1\) 次年度導入予定\n\s+2\) 翌々年度導入予定\n\s+3\) 関心あり\n\s+4\) 情報収集\n\s+5\) 予定なし/);
    const year = await sato.say("関心あり");
    expect(year).toMatch(/1\) 未定\n\s+2\) 令和9年度\n\s+3\) 令和10年度/);
    expect(await sato.say("1")).toContain("メモがあれば入力してください");
    const done = await sato.say("勉強会を希望");
    expect(done).toContain("千葉市: 案件1 AI議事録作成システム — 関心あり");
    expect(done).toContain("メモ: 勉強会を希望");
    expect(done).toContain("導入意向 0団体 ／ 必要 14団体（会員56団体 × 1/4 = 14）→ あと14団体");
  });

  it("changes it later in one line; the history keeps both answers", async () => {
    clock.now = new Date("2026-12-01T01:00:00Z");
    const changed = await sato.say("関心 1 次年度導入予定 令和9年度 予算要求中");
    expect(changed).toContain("千葉市: 案件1 AI議事録作成システム — 次年度導入予定（令和9年度）");
    expect(changed).toContain("（変更前: 関心あり、2026年11月24日(火) 10:00）");
    const history = await sato.say("関心 1 履歴");
    expect(history).toContain("【案件1 AI議事録作成システム の回答履歴（千葉市）】");
    expect(history).toMatch(/2026年12月1日\(火\) 10:00\s+案件1\s+千葉市\s+次年度導入予定（令和9年度）\s+予算要求中\s+佐藤 一郎\s+現在/);
    expect(history).toMatch(/2026年11月24日\(火\) 10:00\s+案件1\s+千葉市\s+関心あり\s+勉強会を希望\s+佐藤 一郎$/);
    expect(await sato.say("関心 1 たぶん")).toContain("「たぶん」は関心度として読めません。");
  });

  it("the 14th body intending to join passes the screening; the secretariat is told", async () => {
    // Twelve more bodies enter their plans (as the secretariat would from replies on paper): 13 with 千葉市.
    const others = (await bodies(kyodo)).filter((b) => !["千葉市", "銚子市"].includes(b.name)).slice(0, 12);
    await recordFor(
      kyodo,
      (await kyodo.db.procurementCandidate.findFirstOrThrow({ where: { number: 1 } })).id,
      others.map((b) => b.id),
      "next_year",
      clock.now,
    );
    const reply = await takahashi.say("関心 1 来年度");
    expect(reply).toContain("銚子市: 案件1 AI議事録作成システム — 次年度導入予定（令和9年度）");
    expect(reply).toContain("導入意向 14団体 ／ 必要 14団体（会員56団体 × 1/4 = 14）→ 基準を満たしています");
    expect(reply).toContain("この回答で選定基準を満たしました。事務局に通知しました。");
    const notice = await kyodo.db.delivery.findFirstOrThrow({ where: { source: { startsWith: "candidate:" } } });
    expect((JSON.parse(notice.message) as OutboundMessage).text).toContain("選定基準を満たしました: 案件1 AI議事録作成システム");
  });

  it("the board and one candidate's card show the counts, the bodies, the rule and the trend", async () => {
    const board = await yamada.say("案件");
    expect(board).toMatch(/案件1 AI議事録作成システム\s+14\s+0\s+0\s+0\s+0\s+42\s+14\/14\s+選定済み/);
    expect(board).toMatch(/案件2 電子契約システム\s+0\s+0\s+0\s+0\s+0\s+56\s+0\/14\s+募集中/);
    expect(board).toContain("選定基準: 会員団体の1/4以上が導入意向（次年度導入予定・翌々年度導入予定） ＝ 14団体以上。");
    const card = await yamada.say("案件 1");
    expect(card).toContain("製品・事業者: ProVoXT（アドバンスト・メディア）・AmiVoice");
    expect(card).toMatch(/次年度導入予定\s+14\s+千葉県.*千葉市（令和9年度）.*銚子市（令和9年度）/);
    expect(card).toContain("2026年12月1日(火) 10:00 に選定基準を満たし選定（導入意向 14団体 ／ 必要 14団体）");
    expect(card).toMatch(/2026-11\s+0\s+0\s+1\s+0\s+0\s+1\n2026-12\s+14\s+0\s+0\s+0\s+0\s+14/);
    expect(card).toContain("WGを設置");
  });

  it("the secretariat shortlists a second candidate by hand and starts the ranking survey", async () => {
    const manual = await yamada.say("案件 2 shortlist 政策的に重要");
    expect(manual).toContain("案件2 電子契約システム を選定しました。");
    expect(manual).toContain("→ あと14団体");
    const started = await yamada.say("案件 順位調査 2026-12-18");
    expect(started).toContain("調査1 令和9年度 共同調達案件の順位付け（第2段階） を開始しました。");
    expect(started).toContain("対象: 案件1 AI議事録作成システム、案件2 電子契約システム");
    expect(started).toContain("配点: 1位=2点・2位=1点");
    expect(started).toContain("56団体に送信、期限 2026年12月18日(金) 23:59");
  });

  it("a body ranks the candidates in the survey engine's conversation; the result is on the board", async () => {
    const q = await sato.say("回答 1");
    expect(q).toContain("問1（全1問・任意） 共同調達を希望する案件を、1位から2位まで選んでください（1位=2点、2位=1点）。");
    expect(await sato.say("2")).toContain("選択済み: 1位 案件2 電子契約システム");
    expect(await sato.say("1")).toContain("問1 希望順位: 1位 案件2 電子契約システム、2位 案件1 AI議事録作成システム");
    expect(await sato.say("確定")).toContain("【回答を受け付けました】");
    await takahashi.say("回答 1");
    expect(await takahashi.say("1,2")).toContain("問1 希望順位: 1位 案件1 AI議事録作成システム、2位 案件2 電子契約システム");
    const t = await takahashi.say("確定");
    expect(t).toContain("【回答を受け付けました】");
    const results = await yamada.say("案件 順位調査");
    expect(results).toMatch(/1\s+案件1 AI議事録作成システム\s+3\s+1位1 2位1/);
    expect(results).toMatch(/1\s+案件2 電子契約システム\s+3\s+1位1 2位1/);
    expect(results).toContain("回答 2/56団体");
    expect(results).toContain("同点: 案件1・案件2（各3点）");
  });

  it("forms the working group of the interested bodies in one command", async () => {
    const formed = await yamada.say("案件 1 wg");
    expect(formed).toContain("AI議事録作成システムWG（wg-1）を設置しました。14団体: 千葉県、千葉市、銚子市");
    expect(formed).toContain("代表者が決まっていない団体:");
    const organ = await yamada.say("organs wg-1");
    expect(organ).toMatch(/千葉市\s+佐藤 一郎\s+委員/);
    expect(organ).toMatch(/銚子市\s+高橋 美咲\s+委員/);
  });

  it("shows and changes the rule; a member cannot change it", async () => {
    const shown = await sato.say("案件 基準");
    expect(shown).toContain("会員56団体 × 1/4 → 14団体以上（端数は切り上げ）");
    expect(await sato.say("案件 基準 1/3")).toContain("権限");
    const changed = await yamada.say("案件 基準 1/3");
    expect(changed).toContain("選定基準を変更しました: 会員団体の1/3以上が導入意向");
    expect(changed).toContain("会員56団体 × 1/3 → 19団体以上");
  });

  it("archives a candidate when done: it leaves the board", async () => {
    expect(await yamada.say("案件 1 archive 共同調達を実施済み")).toContain("案件1 AI議事録作成システム をアーカイブしました");
    expect(await yamada.say("案件")).not.toContain("案件1 AI議事録作成システム");
    expect(await sato.say("関心 1 予定なし")).toContain("案件1 AI議事録作成システム はアーカイブ済みです。");
    expect(await yamada.say("案件 all")).toMatch(/案件1 AI議事録作成システム.*アーカイブ/);
  });
});

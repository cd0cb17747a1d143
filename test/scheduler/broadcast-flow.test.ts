// A broadcast written in chat by the secretariat: preview and dry run show who gets it, nothing goes out
// before confirming, office hours are respected, each recipient gets it once, and the sender gets a
// delivery report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInquiry } from "../../src/domain/inquiries/create-inquiry.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { RecordingAdapter } from "../support/recording-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

const jst = (iso: string) => new Date(`${iso}+09:00`);
let now = jst("2026-11-24T10:00:00");
let kyodo: TestKyodo;
const chat = new RecordingAdapter("console");
let n = 0;

async function say(user: string, text: string, conversationId = `dm:${user}`) {
  const isDirect = conversationId.startsWith("dm:");
  const event: InboundEvent = {
    kind: "text",
    eventId: `b${++n}`,
    ref: { platform: "console", workspace: "local", conversationId, isDirect },
    user: { externalId: user },
    receivedAt: now,
    text,
  };
  return (await kyodo.engine.handle(event))
    .map((m) => m.blocks.map((b) => ("text" in b ? b.text : JSON.stringify(b))).join("\n"))
    .join("\n");
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  kyodo.outbox.register(chat);
  for (const handle of ["yamada", "sato", "takahashi", "tanaka", "smith"]) await say(handle, `link ${await kyodo.codeFor(handle)}`);
});
afterAll(async () => kyodo.dispose());

describe("broadcast in chat", () => {
  it("staff may not broadcast", async () => {
    expect(await say("sato", "broadcast")).toContain("権限がありません");
  });

  it("previews, lists recipients, and sends only after confirming", async () => {
    expect(await say("yamada", "お知らせ")).toContain("送信先を選んでください");
    expect(await say("yamada", "all")).toContain("本文を入力してください");
    expect(await say("yamada", "12月1日のシステム停止について: 9時から12時まで電子申請システムを停止します。")).toContain("いつ送りますか");
    const preview = await say("yamada", "now");
    expect(preview).toContain("全団体（56団体）");
    expect(preview).toContain("5人（56団体中）: console 5");
    expect(preview).toContain("チャット未連携 1人"); // watanabe never linked (suzuki is not a primary contact)
    const list = await say("yamada", "list");
    expect(list).toContain("まだ送信していません");
    expect(list).toMatch(/鎌ケ谷市.*渡辺 直子.*チャット未連携/s);
    expect(await kyodo.db.broadcast.count()).toBe(0);
    expect(await say("yamada", "send")).toMatch(/お知らせ（ID [a-z0-9]{6}）を受け付けました/);
    await kyodo.scheduler.tick(now);
    for (const user of ["yamada", "sato", "takahashi", "tanaka", "smith"]) expect(chat.textsFor(`dm:${user}`), user).toHaveLength(1);
    expect(chat.textsFor("dm:sato")[0]).toContain("12月1日のシステム停止について");
    expect(chat.textsFor("dm:smith")[0]).toMatch(/^Notice/); // in the recipient's language
    // Ticking again sends nothing twice.
    await kyodo.scheduler.tick(now);
    expect(chat.posts.filter((p) => p.message.text.includes("システム停止"))).toHaveLength(5);
  });

  it("the sender gets a delivery report", async () => {
    now = jst("2026-11-24T10:02:00");
    await kyodo.scheduler.tick(now);
    const reports = chat.textsFor("dm:yamada").filter((t) => t.includes("配信が終わりました"));
    expect(reports).toEqual([expect.stringContaining("送信 5件、失敗 0件")]);
    expect(await say("yamada", "deliveries")).toContain("5/5");
  });

  it("outside office hours it waits for the next business morning", async () => {
    now = jst("2026-11-24T19:00:00");
    await say("yamada", "broadcast");
    await say("yamada", "all");
    await say("yamada", "夜間のテスト");
    const preview = await say("yamada", "now");
    expect(preview).toContain("2026年11月25日(水) 08:30");
    expect(preview).toContain("業務時間外のため");
    await say("yamada", "send");
    await kyodo.scheduler.tick(now);
    expect(chat.posts.filter((p) => p.message.text.includes("夜間のテスト"))).toHaveLength(0);
    now = jst("2026-11-25T08:30:00");
    await kyodo.scheduler.tick(now);
    expect(chat.posts.filter((p) => p.message.text.includes("夜間のテスト"))).toHaveLength(5);
  });

  it("to the bodies that have not answered an inquiry: those who answered meanwhile are left out", async () => {
    now = jst("2026-11-25T10:00:00");
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    const bodies = await kyodo.db.body.findMany({ where: { name: { in: ["千葉市", "銚子市"] } } });
    await createInquiry(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        title: "端末台数調べ",
        dueAt: jst("2026-12-10T17:00:00"),
        bodyIds: bodies.map((b) => b.id),
        createdById: yamada.id,
      },
      now,
      "Asia/Tokyo",
    );
    await say("yamada", "broadcast");
    expect(await say("yamada", "pending")).toContain("照会1 端末台数調べ");
    const deadline = await kyodo.db.deadline.findFirstOrThrow();
    await say("yamada", deadline.id);
    await say("yamada", "未回答の団体は本日中にご回答ください");
    await say("yamada", "later");
    expect(await say("yamada", "2026-11-25 15:00")).toContain("2団体");
    await say("yamada", "send");
    expect(await say("takahashi", "inquiry 1 done")).toContain("銚子市の回答済みを記録しました");
    now = jst("2026-11-25T15:00:00");
    await kyodo.scheduler.tick(now);
    const sent = chat.posts.filter((p) => p.message.text.includes("本日中にご回答ください")).map((p) => p.ref.conversationId);
    expect(sent).toEqual(["dm:sato"]);
  });

  it("to an organ, also into its linked group conversation", async () => {
    expect(await say("yamada", "link-organ 幹事会")).toContain("連携したいグループ");
    expect(await say("yamada", "link-organ 幹事会", "group:kanjikai")).toContain("幹事会に連携しました");
    await say("yamada", "broadcast");
    await say("yamada", "organ");
    const kanjikai = await kyodo.db.organ.findFirstOrThrow({ where: { slug: "kanjikai" } });
    expect(await say("yamada", kanjikai.id)).toContain("どこに送りますか");
    await say("yamada", "both");
    await say("yamada", "幹事会の皆様へ");
    await say("yamada", "now");
    await say("yamada", "send");
    await kyodo.scheduler.tick(now);
    const sent = chat.posts
      .filter((p) => p.message.text.includes("幹事会の皆様へ"))
      .map((p) => p.ref.conversationId)
      .sort();
    // Seat holders of 幹事会 who linked: yamada (千葉県), sato (千葉市), takahashi (銚子市), tanaka (我孫子市), smith (市川市).
    expect(sent).toEqual(["dm:sato", "dm:smith", "dm:takahashi", "dm:tanaka", "dm:yamada", "group:kanjikai"]);
  });
});

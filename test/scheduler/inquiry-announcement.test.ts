// Opening an inquiry (照会) tells the addressed bodies' staff at once, and what Kyodo prints says exactly
// whom it reached — N bodies, M people, and who cannot be reached — from chat and from the command line,
// including when only four bodies are asked. Real SQLite, the real outbox, the CLI as a child process.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { RecordingAdapter } from "../support/recording-adapter.ts";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

const jst = (iso: string) => new Date(`${iso}+09:00`);
const now = jst("2026-11-16T10:00:00");
let kyodo: TestKyodo;
const chat = new RecordingAdapter("console");
let n = 0;

async function say(user: string, text: string) {
  const event: InboundEvent = {
    kind: "text",
    eventId: `e${++n}`,
    ref: { platform: "console", workspace: "local", conversationId: `dm:${user}`, isDirect: true },
    user: { externalId: user },
    receivedAt: now,
    text,
  };
  return (await kyodo.engine.handle(event)).map((m) => m.text).join("\n");
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  kyodo.outbox.register(chat);
  // suzuki (千葉市), tanaka (我孫子市), watanabe (鎌ケ谷市) and smith (市川市) never link a chat account.
  for (const handle of ["yamada", "sato", "takahashi"]) await say(handle, `link ${await kyodo.codeFor(handle)}`);
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("an inquiry opened in chat", () => {
  it("says how many bodies and people it reached, and who cannot be reached", async () => {
    const bodies = await kyodo.db.body.count({ where: { councilId: kyodo.council.id, active: true } });
    const reply = await say("yamada", "inquiry new 2026-11-27 システム利用状況調べ");
    expect(reply).toContain(`照会1「システム利用状況調べ」を${bodies}団体の3人に送りました`);
    expect(reply).not.toContain("全団体");
    expect(reply).toContain("連絡先が連携されていないため届かない人（4人）");
    expect(reply).toContain("鈴木 次郎（千葉市）");
    expect(reply).toContain("担当者が登録されていない団体");
  });

  it("is announced to the bodies' staff when it opens, before any reminder", async () => {
    await kyodo.scheduler.tick(now);
    for (const user of ["sato", "takahashi", "yamada"]) {
      const texts = chat.textsFor(`dm:${user}`).filter((t) => t.includes("照会1「システム利用状況調べ」への回答をお願いします"));
      expect(texts, user).toHaveLength(1);
    }
    expect(chat.textsFor("dm:sato").find((t) => t.includes("照会1"))).toContain("千葉市 御中");
    // Ticking again sends nothing twice.
    const before = chat.posts.length;
    await kyodo.scheduler.tick(new Date(now.getTime() + 60_000));
    expect(chat.posts).toHaveLength(before);
  });
});

describe("an inquiry opened from the command line to four bodies", () => {
  it("queues the announcement to exactly those bodies' staff and prints whom it reached", async () => {
    const due = DateTime.now().setZone("Asia/Tokyo").plus({ days: 14 }).toFormat("yyyy-MM-dd");
    const result = await runCli(
      [
        "inquiry",
        "create",
        "--title",
        "端末台数調べ",
        "--due",
        `${due} 17:00`,
        "--as",
        "yamada",
        "--bodies",
        "千葉市,銚子市,我孫子市,鎌ケ谷市",
      ],
      { DATABASE_URL: kyodo.databaseUrl, KYODO_COUNCIL: kyodo.council.slug },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("照会2「端末台数調べ」を4団体の2人に送りました");
    expect(result.stdout).not.toContain("全団体");
    expect(result.stdout).toContain("届かない人（3人）");
    for (const who of ["鈴木 次郎（千葉市）", "田中 健（我孫子市）", "渡辺 直子（鎌ケ谷市）"]) expect(result.stdout).toContain(who);
    expect(result.stdout).not.toContain("担当者が登録されていない団体");
    const inquiry = await kyodo.db.inquiry.findFirstOrThrow({ where: { number: 2 } });
    const deliveries = await kyodo.db.delivery.findMany({ where: { source: `inquiry:${inquiry.id}:open` } });
    const people = await kyodo.db.person.findMany({ where: { id: { in: deliveries.map((d) => d.personId!) } } });
    expect(people.map((p) => p.handle).sort()).toEqual(["sato", "takahashi"]);
  });
});

describe("surveys and ballots created from the command line", () => {
  const env = () => ({ DATABASE_URL: kyodo.databaseUrl, KYODO_COUNCIL: kyodo.council.slug });
  const distinctPeople = async (source: string) =>
    new Set((await kyodo.db.delivery.findMany({ where: { source } })).map((d) => d.personId)).size;

  it("a survey says whom its opening notice will reach, and the scheduler's notice reaches exactly that many", async () => {
    const result = await runCli(["survey", "create", "scripts/examples/survey-ai-minutes.yaml"], env());
    expect(result.stderr).toBe("");
    const bodies = await kyodo.db.body.count({ where: { councilId: kyodo.council.id, active: true } });
    // Usual contacts of every body: yamada, sato, takahashi linked; tanaka, watanabe, smith not.
    expect(result.stdout).toMatch(new RegExp(`に${bodies}団体の3人へ開始のお知らせを送ります`));
    expect(result.stdout).toContain("届かない人（3人）");
    for (const who of ["田中 健（我孫子市）", "渡辺 直子（鎌ケ谷市）", "John Smith（市川市）"]) expect(result.stdout).toContain(who);
    const survey = await kyodo.db.survey.findFirstOrThrow({ orderBy: { number: "desc" } });
    await kyodo.scheduler.tick(new Date());
    expect(await distinctPeople(`survey:${survey.id}:open`)).toBe(3);
  });

  it("a ballot says whom its opening notice reached", async () => {
    const deadline = DateTime.now().setZone("Asia/Tokyo").plus({ days: 10 }).toFormat("yyyy-MM-dd");
    const result = await runCli(
      ["ballot", "create", "scripts/examples/ballot-sokai-2017.yaml", "--deadline", `${deadline} 17:00`, "--as", "yamada"],
      env(),
    );
    expect(result.stderr).toBe("");
    const printed = /に(\d+)団体の(\d+)人へ開始のお知らせを送ります/.exec(result.stdout);
    expect(printed, result.stdout).not.toBeNull();
    const ballot = await kyodo.db.ballot.findFirstOrThrow({ orderBy: { number: "desc" }, include: { roll: true } });
    expect(Number(printed![1])).toBe(ballot.roll.length);
    expect(await distinctPeople(`ballot-open:${ballot.id}`)).toBe(Number(printed![2]));
    expect(result.stdout).toContain("届かない人");
  });
});

// A 幹事会 ballot from opening to result with a controlled clock: the call to vote (to seat holders and the
// board's group), changes of vote kept as history, the alternate voting for the representative's seat,
// an amended motion making its votes stale, reminders only to seats that have not voted, the automatic
// close at the deadline with quorum, majority, a tie decided by the chair, the result notice, the
// per-seat export, and the audit chain proving it all intact.
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../../src/domain/audit/verify-audit-log.ts";
import { editMotion } from "../../src/domain/motions/edit-motion.ts";
import { exportBallotRecord } from "../../src/domain/motions/export-ballot-record.ts";
import { findBallot, type LoadedBallot } from "../../src/domain/motions/find-ballot.ts";
import { findOrgan } from "../../src/domain/organs/find-organ.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { renderPlainText } from "../../src/adapters/shared/render-plain-text.ts";
import { RecordingAdapter } from "../support/recording-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { bodyId, createExampleBallot, jst, nameRepresentatives, ZONE } from "./support.ts";

let now = jst("2026-11-24T10:00:00");
let kyodo: TestKyodo;
let ballot: LoadedBallot;
let reps: string[];
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
  return (await kyodo.engine.handle(event)).map((m) => renderPlainText(m, { numberChoices: true })).join("\n");
}

async function tickAt(iso: string) {
  now = jst(iso);
  return kyodo.scheduler.tick(now);
}

async function seatVotes(body: string, motion: number) {
  const seat = await kyodo.db.seat.findFirstOrThrow({ where: { organId: ballot.organId, bodyId: await bodyId(kyodo, body) } });
  const motionId = ballot.motions.find((m) => m.number === motion)!.id;
  return kyodo.db.motionVote.findMany({ where: { motionId, seatId: seat.id }, orderBy: { castAt: "asc" } });
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  kyodo.outbox.register(chat);
  reps = await nameRepresentatives(kyodo, "kanjikai", 3);
  for (const handle of ["yamada", "sato", "suzuki", "takahashi", "tanaka", "smith", ...reps])
    await say(handle, `link ${await kyodo.codeFor(handle)}`);
  const kanjikai = await findOrgan(kyodo.db, kyodo.council.id, "kanjikai");
  await kyodo.db.organConversation.create({
    data: {
      organId: kanjikai.id,
      platform: "console",
      target: JSON.stringify({ platform: "console", workspace: "local", conversationId: "group:kanjikai" }),
      linkedBy: "test",
    },
  });
  ballot = await createExampleBallot(kyodo, now, { organ: "kanjikai", deadline: jst("2026-12-01T17:00:00") });
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("a ballot from opening to result", () => {
  it("fixes the roll and calls the seat holders and the board's group to vote", async () => {
    expect(ballot.roll).toHaveLength(13);
    await tickAt("2026-11-24T10:00:05");
    expect(chat.textsFor("dm:sato")[0]).toContain(
      "幹事会の「表決1 平成29年度第2回総会（書面表決）」について表決をお願いします。期限は 2026年12月1日(火) 17:00 です。",
    );
    // suzuki stands in for sato on the board, so is called too; the group gets it once.
    expect(chat.textsFor("dm:suzuki")).toHaveLength(1);
    expect(chat.textsFor("group:kanjikai")).toHaveLength(1);
    expect(chat.textsFor(`dm:${reps[0]}`)).toHaveLength(1);
  });

  it("a change of vote adds a record and moves the current flag; nothing is overwritten", async () => {
    expect(await say("sato", "vote 1 全議案賛成")).toContain("受付番号");
    now = jst("2026-11-24T11:00:00");
    expect(await say("sato", "vote 1 議案2 反対")).toContain("受付番号");
    const history = await seatVotes("千葉市", 2);
    expect(history.map((v) => [v.choice, v.current, v.channel])).toEqual([
      ["for", false, "console"],
      ["against", true, "console"],
    ]);
    expect(history[0]!.receipt).not.toBe(history[1]!.receipt);
    expect(await kyodo.db.auditEntry.count({ where: { action: "motions.vote" } })).toBe(2);
  });

  it("the alternate votes for the same seat: still one current vote per seat", async () => {
    expect(await say("suzuki", "vote 1 議案1 反対")).toContain("千葉市（代理）");
    const history = await seatVotes("千葉市", 1);
    expect(history.map((v) => [v.choice, v.current, v.capacity])).toEqual([
      ["for", false, "representative"],
      ["against", true, "alternate"],
    ]);
  });

  it("editing a motion after votes were cast makes them stale and asks those voters again", async () => {
    now = jst("2026-11-24T13:00:00");
    const edited = await editMotion(
      kyodo.db,
      {
        ballotId: ballot.id,
        motionNumber: 2,
        text: "平成30年度ちば電子申請システム利用負担金額について、別紙2（修正版）のとおり決定することについて承認を求める。",
        editedBy: "test:secretariat",
      },
      now,
    );
    expect(edited).toMatchObject({ staleVotes: 1, motion: { version: 2 } });
    await tickAt("2026-11-24T13:00:05");
    expect(chat.textsFor("dm:sato").at(-1)).toContain(
      "議案2 平成30年度ちば電子申請システム利用負担金額（案）の決定について が修正されました（第2版）",
    );
    expect(chat.textsFor("dm:suzuki").at(-1)).toContain("第2版");
    expect(chat.textsFor("dm:takahashi")).toHaveLength(1); // had not voted on it: not asked again
    const [old] = await seatVotes("千葉市", 2).then((v) => v.filter((x) => x.current));
    expect(old).toMatchObject({ stale: true, motionVersion: 1, choice: "against" });
    const status = await say("yamada", "vote 1 status");
    expect(status).toMatch(/千葉市\s+佐藤 一郎、鈴木 次郎\s+議案2（要再表決）/);
    // The card shows the stale vote, and voting again re-casts it on the new wording.
    expect(await say("sato", "vote 1")).toContain("現在の表決: 反対（議案の修正により要再表決）");
    expect(await say("sato", "議案2 賛成")).toContain("修正後の議案に再表決");
    const current = (await seatVotes("千葉市", 2)).filter((v) => v.current);
    expect(current).toMatchObject([{ choice: "for", stale: false, motionVersion: 2 }]);
    expect(await say("sato", "vote 1 議案3 反対")).toContain("賛成 から変更");
  });

  it("the others vote, each in their own way", async () => {
    expect(await say("takahashi", "vote 1 全議案賛成")).toContain("（4件）");
    expect(await say("tanaka", "vote 1 全議案に反対します")).toContain("（4件）");
    expect(await say("smith", "vote 1 motion 1: for, motion 2: abstain, motion 3: against, motion 4: abstain")).toContain("(4 vote(s))");
    expect(await say(reps[0]!, "vote 1 議案1〜3 賛成、議案4 反対")).toContain("（4件）");
    expect(await say(reps[1]!, "vote 1 全議案反対")).toContain("（4件）");
  });

  it("reminds only the seats that have not voted", async () => {
    await tickAt("2026-11-26T09:00:00");
    expect(chat.textsFor("dm:yamada").at(-1)).toContain(
      "「表決1 平成29年度第2回総会（書面表決）」の回答期限（2026年12月1日(火) 17:00）まであと3営業日です",
    );
    expect(chat.textsFor(`dm:${reps[2]}`).at(-1)).toContain("あと3営業日");
    expect(chat.textsFor("dm:sato").some((t) => t.includes("営業日"))).toBe(false);
    expect(chat.textsFor("dm:takahashi").some((t) => t.includes("営業日"))).toBe(false);
  });

  it("closes by itself at the deadline, tallies under the rules and tells the organ", async () => {
    now = jst("2026-11-30T10:00:00");
    expect(await say("yamada", "vote 1 全議案賛成")).toContain("（4件）");
    await tickAt("2026-12-01T16:59:00");
    expect((await findBallot(kyodo.db, kyodo.council.id, 1)).closedAt).toBeNull();
    await tickAt("2026-12-01T17:00:00");
    const closed = await findBallot(kyodo.db, kyodo.council.id, 1);
    expect(closed).toMatchObject({ closedReason: "deadline" });
    // 7 of 13 seats voted (quorum 7). 議案4 is 3 for, 3 against, 1 abstention: the chair (千葉県) voted for.
    expect(closed.motions.map((m) => m.outcome)).toEqual(["passed", "passed", "rejected", "passed"]);
    expect(JSON.parse(closed.motions[3]!.tally!)).toMatchObject({
      for: 3,
      against: 3,
      abstain: 1,
      voted: 7,
      eligible: 13,
      quorumRequired: 7,
      tie: true,
      decidedByChair: true,
    });
    const notice = chat.textsFor("group:kanjikai").at(-1)!;
    expect(notice).toContain(
      "幹事会の「表決1 平成29年度第2回総会（書面表決）」は期限（2026年12月1日(火) 17:00）で締め切り、次のとおり決しました。",
    );
    expect(notice).toContain("議案3 平成30年度ちば施設予約システム利用負担金額（案）の決定について: 否決");
    expect(chat.textsFor("dm:suzuki").at(-1)).toContain(
      "議案4 千葉県電子自治体共同運営協議会会則の改正及び千葉県電子自治体共同運営協議会負担金取扱要領の廃止について: 可決",
    );
    expect(chat.posts.filter((p) => p.message.text.includes("次のとおり決しました") && p.ref.conversationId === "dm:sato")).toHaveLength(1);
    // A second close (the job retried) changes nothing.
    await kyodo.scheduler.tick(jst("2026-12-01T17:00:30"));
    expect(chat.posts.filter((p) => p.message.text.includes("次のとおり決しました") && p.ref.conversationId === "dm:sato")).toHaveLength(1);
  });

  it("refuses votes after the close and shows the results", async () => {
    now = jst("2026-12-01T17:05:00");
    expect(await say("sato", "vote 1 議案1 賛成")).toContain("表決1は締め切られました");
    const results = await say("tanaka", "vote 1 results");
    expect(results).toContain("表決結果: 表決1 平成29年度第2回総会（書面表決）");
    const table = (
      await kyodo.engine.handle({
        kind: "text",
        eventId: "r1",
        ref: { platform: "console", workspace: "local", conversationId: "dm:tanaka", isDirect: true },
        user: { externalId: "tanaka" },
        receivedAt: now,
        text: "vote 1 results",
      })
    )[0]!.blocks.find((b) => b.type === "table");
    expect(table && table.type === "table" && table.rows[3]).toEqual([
      "議案4 千葉県電子自治体共同運営協議会会則の改正及び千葉県電子自治体共同運営協議会負担金取扱要領の廃止について",
      "3",
      "3",
      "1",
      "7/13",
      "可決（議長裁決）",
    ]);
  });

  it("exports the per-seat record as CSV and XLSX", async () => {
    const closed = await findBallot(kyodo.db, kyodo.council.id, 1);
    const { buffer: csv } = await exportBallotRecord(kyodo.db, closed, { format: "csv", zone: ZONE });
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse<Record<string, string>>(csv.subarray(3).toString("utf8"), { columns: true });
    expect(rows).toHaveLength(13 * 4);
    const chiba1 = rows.find((r) => r["団体名"] === "千葉市" && r["議案"]!.startsWith("議案1 "))!;
    expect(chiba1).toMatchObject({
      団体コード: "121002",
      表決: "反対",
      表決者: "鈴木 次郎",
      立場: "代理",
      経路: "console",
      日時: "2026-11-24 11:00:00",
      結果: "可決",
    });
    expect(chiba1["受付番号"]).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const urayasu = rows.find((r) => r["団体名"] === "浦安市" && r["議案"]!.startsWith("議案1 "))!;
    expect(urayasu).toMatchObject({ 表決: "", 表決者: "", 結果: "可決" });

    const { buffer: xlsx } = await exportBallotRecord(kyodo.db, closed, { format: "xlsx", zone: ZONE });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["表決記録", "結果", "履歴"]);
    // History keeps every row: 千葉市 cast 4 + 1 + 1 (alternate) + 1 (re-vote) + 1 (change) = 8.
    const history = workbook.getWorksheet("履歴")!;
    const chibaRows = history.getSheetValues().filter((r) => Array.isArray(r) && r.includes("千葉市"));
    expect(chibaRows).toHaveLength(8);
  });

  it("every step is in the audit log, and the chain is intact", async () => {
    const actions = (await kyodo.db.auditEntry.findMany({ where: { subject: `ballot:${ballot.id}` }, orderBy: { seq: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions[0]).toBe("motions.ballot.create");
    expect(actions[1]).toBe("motions.ballot.open");
    expect(actions).toContain("motions.motion.edit");
    expect(actions.filter((a) => a === "motions.vote").length).toBeGreaterThanOrEqual(11);
    expect(actions.at(-1)).toBe("motions.ballot.close");
    expect(await verifyAuditLog(kyodo.db)).toMatchObject({ chain: { ok: true }, state: { differences: [] } });
  });
});

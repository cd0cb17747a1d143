// A body's interest is append-only: every change is a new row with who, when and through which channel,
// the latest is the current one (the database refuses two), and the board counts only current levels.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBoard } from "../../src/domain/candidates/candidate-board.ts";
import { interestHistory } from "../../src/domain/candidates/interest-history.ts";
import { recordInterest } from "../../src/domain/candidates/record-interest.ts";
import { verifyAuditLog } from "../../src/domain/audit/verify-audit-log.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { CURRENT_FY, personId, propose, startCandidatesKyodo, type Clock } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let candidateId: string;
let chiba: string;
let sato: string;
let suzuki: string;

beforeAll(async () => {
  ({ kyodo, clock } = await startCandidatesKyodo());
  candidateId = (await propose(kyodo, "AI議事録作成システム", clock.now)).id;
  chiba = (await kyodo.db.body.findFirstOrThrow({ where: { councilId: kyodo.council.id, name: "千葉市" } })).id;
  sato = await personId(kyodo, "sato");
  suzuki = await personId(kyodo, "suzuki");
});
afterAll(async () => {
  await kyodo.dispose();
});

const record = (
  personIdValue: string,
  level: Parameters<typeof recordInterest>[1]["level"],
  extra: { fiscalYear?: number | null; note?: string; via?: string } = {},
) =>
  recordInterest(
    kyodo.db,
    {
      candidateId,
      bodyId: chiba,
      level,
      personId: personIdValue,
      actor: `person:${personIdValue}`,
      via: extra.via ?? "console",
      currentFiscalYear: CURRENT_FY,
      ...extra,
    },
    clock.now,
  );

describe("interest changes with history", () => {
  it("first answer: studying, no year implied", async () => {
    const first = await record(sato, "studying", { note: "勉強会があれば参加したい" });
    expect(first.interest).toMatchObject({ level: "studying", fiscalYear: null, current: true, note: "勉強会があれば参加したい" });
    expect(first.previous).toBeUndefined();
  });

  it("a colleague changes it a week later: a new row, the earlier one kept but no longer current", async () => {
    clock.now = new Date("2026-12-01T02:00:00Z");
    const second = await record(suzuki, "next_year", { via: "slack" });
    // 次年度導入予定 recorded in FY2026 aims at FY2027 (令和9年度).
    expect(second.interest).toMatchObject({ level: "next_year", fiscalYear: 2027, current: true, via: "slack" });
    expect(second.previous).toMatchObject({ level: "studying" });
    const rows = await kyodo.db.candidateInterest.findMany({ where: { candidateId, bodyId: chiba }, orderBy: { recordedAt: "asc" } });
    expect(rows.map((r) => [r.level, r.current, r.currentKey !== null])).toEqual([
      ["studying", false, false],
      ["next_year", true, true],
    ]);
  });

  it("an explicit target year and the same answer twice (nothing new is written)", async () => {
    clock.now = new Date("2026-12-02T02:00:00Z");
    await record(sato, "year_after", { fiscalYear: 2029, note: "予算要求は令和10年度" });
    const again = await record(sato, "year_after", { fiscalYear: 2029, note: "予算要求は令和10年度" });
    expect(again.unchanged).toBe(true);
    expect(await kyodo.db.candidateInterest.count({ where: { candidateId, bodyId: chiba } })).toBe(3);
  });

  it("the history says who changed what, when and how, newest first", async () => {
    const history = await interestHistory(kyodo.db, kyodo.council.id, { candidateId, bodyId: chiba });
    expect(history.map((h) => [h.level, h.fiscalYear, h.recordedBy, h.via, h.current, h.recordedAt.toISOString()])).toEqual([
      ["year_after", 2029, "佐藤 一郎", "console", true, "2026-12-02T02:00:00.000Z"],
      ["next_year", 2027, "鈴木 次郎", "slack", false, "2026-12-01T02:00:00.000Z"],
      ["studying", null, "佐藤 一郎", "console", false, "2026-11-24T01:00:00.000Z"],
    ]);
  });

  it("the board counts the current level only", async () => {
    const board = await loadBoard(kyodo.db, kyodo.council.id);
    const entry = board.entries[0]!;
    expect(entry.counts).toEqual({ next_year: 0, year_after: 1, interested: 0, studying: 0, none: 0 });
    expect(entry.bodies.year_after.map((b) => [b.name, b.fiscalYear])).toEqual([["千葉市", 2029]]);
    expect(entry.answered).toBe(1);
  });

  it("the database itself refuses a second current row for the same body", async () => {
    await expect(
      kyodo.db.candidateInterest.create({
        data: {
          candidateId,
          bodyId: chiba,
          recordedBy: "x",
          level: "none",
          via: "x",
          current: true,
          currentKey: `${candidateId}:${chiba}`,
          recordedAt: clock.now,
        },
      }),
    ).rejects.toThrow();
  });

  it("staff answer only for their own body; the secretariat for any", async () => {
    const choshi = (await kyodo.db.body.findFirstOrThrow({ where: { councilId: kyodo.council.id, name: "銚子市" } })).id;
    await expect(
      recordInterest(
        kyodo.db,
        {
          candidateId,
          bodyId: choshi,
          level: "interested",
          personId: sato,
          actor: `person:${sato}`,
          via: "console",
          currentFiscalYear: CURRENT_FY,
        },
        clock.now,
      ),
    ).rejects.toThrow(/notStaff/);
    const yamada = await personId(kyodo, "yamada");
    const done = await recordInterest(
      kyodo.db,
      {
        candidateId,
        bodyId: choshi,
        level: "interested",
        personId: yamada,
        actor: `person:${yamada}`,
        via: "console",
        currentFiscalYear: CURRENT_FY,
      },
      clock.now,
    );
    expect(done.body.name).toBe("銚子市");
  });

  it("a target year in the past is refused", async () => {
    await expect(record(sato, "next_year", { fiscalYear: 2020 })).rejects.toThrow(/badFiscalYear/);
  });

  it("every change is in the audit log, which stays intact", async () => {
    const entries = await kyodo.db.auditEntry.findMany({ where: { action: "candidates.interest" } });
    expect(entries).toHaveLength(4);
    expect(await verifyAuditLog(kyodo.db)).toMatchObject({ chain: { ok: true }, state: { differences: [] } });
  });
});

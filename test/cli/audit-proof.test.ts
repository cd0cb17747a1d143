// The audit log proves itself (issue #17): a deleted tail is caught by checkpoints kept outside the database, a vote
// row changed in the table is caught by replaying the log, and a chain rebuilt without the audit key does not verify.
import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { castVotes } from "../../src/domain/motions/cast-votes.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { appendAuditEntry } from "../../src/domain/audit/append-audit-entry.ts";
import { hashEntry } from "../../src/domain/audit/hash-chain.ts";
import { openRawConnection } from "../../src/storage/database.ts";
import { createExampleBallot, jst, linkChat } from "../motions/support.ts";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo, tempDatabaseUrl, type TestKyodo } from "../support/test-kyodo.ts";

const AUDIT_KEY = "k2:second-key-abcdefghijkl,k1:first-key-abcdefghijklm";
let kyodo: TestKyodo;
let env: Record<string, string>;

beforeAll(async () => {
  kyodo = await startTestKyodo({ AUDIT_KEY, AUDIT_CHECKPOINT_CRON: "0 18 * * *" }, { http: false });
  env = { DATABASE_URL: kyodo.databaseUrl, AUDIT_KEY };
  const ballot = await createExampleBallot(kyodo, jst("2017-05-01T10:00:00"), { deadline: jst("2030-05-20T17:00:00") });
  for (const handle of ["sato", "tanaka"]) {
    const person = await findPerson(kyodo.db, kyodo.council.id, handle);
    await castVotes(
      kyodo.db,
      {
        ballotId: ballot.id,
        personId: person.id,
        choices: [1, 2, 3, 4].map((n) => ({ motionNumber: n, option: "for" })),
        channel: "console",
      },
      jst("2017-05-02T10:00:00"),
    );
  }
  // sato changes his mind on 議案2: the first vote stays in the table, no longer current.
  const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
  await castVotes(
    kyodo.db,
    { ballotId: ballot.id, personId: sato.id, choices: [{ motionNumber: 2, option: "against" }], channel: "console" },
    jst("2017-05-03T10:00:00"),
  );
});
afterAll(async () => kyodo.dispose());

async function sql(statement: string): Promise<void> {
  const raw = openRawConnection(kyodo.databaseUrl);
  await raw.execute(statement);
  raw.close();
}

describe("audit log that proves itself", () => {
  it("verifies the chain, and the votes, answers, shares and settlements against the log", async () => {
    const result = await runCli(["audit", "verify"], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("監査ログは改ざんされていません");
    expect(result.stdout).toContain("現在の表決・回答・負担額・精算は監査ログを再生した結果と一致しています");
    const keys = await kyodo.db.auditEntry.groupBy({ by: ["keyId"], _count: true });
    expect(keys.map((k) => k.keyId)).toEqual(["k2"]);
  });

  it("sends a signed checkpoint to the secretariat every evening", async () => {
    await linkChat(kyodo, "yamada", "console", "as:yamada");
    // The daily job was scheduled at start; two days later it has come due.
    await kyodo.scheduler.tick(new Date(Date.now() + 2 * 86_400_000));
    const deliveries = await kyodo.db.delivery.findMany({ where: { source: { startsWith: "audit-checkpoint:" } } });
    expect(deliveries).toHaveLength(1);
    const text = (JSON.parse(deliveries[0]!.message) as { text: string }).text;
    expect(text).toContain("監査ログのチェックポイント");
    const token = /kyodo-audit-checkpoint:v1:\S+/.exec(text)![0];
    const verify = await runCli(["audit", "verify", "--against", token], env);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain("チェックポイント 2 件と一致しました");
  });

  it("names a vote row changed directly in the vote table", async () => {
    const before = await kyodo.db.motionVote.findFirst({ where: { current: true }, orderBy: { castAt: "asc" } });
    await sql(`UPDATE "MotionVote" SET choice = 'against' WHERE id = '${before!.id}'`);
    try {
      const result = await runCli(["audit", "verify"], env);
      expect(result.code).toBe(2);
      expect(result.stdout).toContain("監査ログは改ざんされていません"); // the chain itself is intact…
      expect(result.stdout).not.toContain("現在の表決・回答");
      expect(result.stderr).toContain(`表決 ${before!.id} が監査ログ（for）と異なります（データベース: against）`);
      expect(result.stderr).toContain("The vote");
    } finally {
      await sql(`UPDATE "MotionVote" SET choice = '${before!.choice}' WHERE id = '${before!.id}'`);
    }
  });

  it("catches entries deleted from the end, through the stored checkpoint and one kept outside", async () => {
    const checkpoint = await runCli(["audit", "checkpoint"], env);
    expect(checkpoint.code).toBe(0);
    const token = checkpoint.stdout.trim();
    expect(token).toMatch(/^kyodo-audit-checkpoint:v1:\d+:[0-9a-f]{64}:\d+:k2:[0-9a-f]{64}$/);
    const last = await kyodo.db.auditEntry.findFirst({ orderBy: { seq: "desc" } });
    // The last vote (sato's change) and its audit entry disappear together, and with them the stored checkpoints.
    await sql(`DELETE FROM "AuditEntry" WHERE seq = ${last!.seq}`);
    const stored = await runCli(["audit", "verify"], env);
    expect(stored.code).toBe(2);
    expect(stored.stderr).toContain(`監査ログが ${last!.seq} 件ありましたが、現在は ${last!.seq - 1} 件です`);

    await sql(`DELETE FROM "AuditCheckpoint"`);
    const blind = await runCli(["audit", "verify"], env);
    expect(blind.stderr).not.toContain("末尾の記録が削除されています");
    const outside = await runCli(["audit", "verify", "--against", token], env);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("末尾の記録が削除されています");
    expect(outside.stderr).toContain("Entries were removed from its end");

    // A checkpoint someone made up without the key is refused as forged.
    const forged = token.replace(/:[0-9a-f]{64}$/, `:${"0".repeat(64)}`);
    const refused = await runCli(["audit", "verify", "--against", forged], env);
    expect(refused.stderr).toContain("偽のチェックポイントです");
  });

  it("refuses a chain rebuilt by someone who can write the database but has no key", async () => {
    const entries = await kyodo.db.auditEntry.findMany({ orderBy: { seq: "asc" } });
    const raw = openRawConnection(kyodo.databaseUrl);
    let prev = entries[0]!.prevHash;
    for (const entry of entries) {
      const subject = entry.seq === 3 ? "forged" : entry.subject;
      const hash = hashEntry(prev, { ...entry, subject });
      await raw.execute({
        sql: `UPDATE "AuditEntry" SET subject = ?, prevHash = ?, hash = ?, keyId = '' WHERE seq = ?`,
        args: [subject, prev, hash, entry.seq],
      });
      prev = hash;
    }
    raw.close();
    const result = await runCli(["audit", "verify"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("監査ログの 1 番の記録に監査キーの署名がありません");
    expect(result.stderr).toContain("someone without the key rebuilt the log");
  });
});

describe("audit key introduced on an installation that already has a log", () => {
  it("keeps the earlier entries as legacy and keys every later one", async () => {
    const { dir, databaseUrl } = tempDatabaseUrl();
    try {
      const keyed = await runCli(["demo"], { DATABASE_URL: databaseUrl });
      expect(keyed.code).toBe(0);
      // Turn the log into what an older Kyodo wrote: plain hashes, no key file.
      const raw = openRawConnection(databaseUrl);
      const rows = (await raw.execute(`SELECT * FROM "AuditEntry" ORDER BY seq`)).rows as unknown as Array<{
        seq: number;
        at: number | string;
        actor: string;
        action: string;
        subject: string;
        payload: string;
      }>;
      let prev = "0".repeat(64);
      for (const row of rows) {
        // Prisma stores DateTime in SQLite as ISO text or epoch milliseconds, depending on how it was written.
        const at = typeof row.at === "number" ? new Date(row.at) : new Date(String(row.at));
        const hash = hashEntry(prev, { ...row, at });
        await raw.execute({ sql: `UPDATE "AuditEntry" SET prevHash = ?, hash = ?, keyId = '' WHERE seq = ?`, args: [prev, hash, row.seq] });
        prev = hash;
      }
      raw.close();
      rmSync(`${databaseUrl.slice("file:".length)}.audit-key`);

      const upgraded = await runCli(["people", "add", "kimura", "木村 三郎"], { DATABASE_URL: databaseUrl });
      expect(upgraded.code).toBe(0);
      expect(readFileSync(`${databaseUrl.slice("file:".length)}.audit-key`, "utf8")).toContain(`legacy-entries=${rows.length}`);
      const result = await runCli(["audit", "verify"], { DATABASE_URL: databaseUrl });
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain(`最初の ${rows.length} 件は監査キーの設定前に記録されたもの`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("payloads the replay reads", () => {
  it("names an entry whose payload is not the declared shape instead of skipping it", async () => {
    const other = await startTestKyodo({ AUDIT_KEY }, { http: false });
    try {
      // Only code that bypasses the types can write it (a hand-made tool, a bug): verify must still say so.
      const { seq } = await appendAuditEntry(other.db, {
        actor: "test",
        action: "motions.vote",
        subject: "ballot:x",
        payload: { seat: "s1" } as never,
      });
      const result = await runCli(["audit", "verify"], { DATABASE_URL: other.databaseUrl, AUDIT_KEY });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`監査ログの ${seq} 番の記録の内容を読み取れません`);
    } finally {
      await other.dispose();
    }
  });
});

// `kyodo audit verify` proves the hash-chained audit log intact, and names the first row someone edited.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRawConnection } from "../../src/storage/database.ts";
import { runCli } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl };

beforeAll(async () => {
  const demo = await runCli(["demo"], env);
  expect(demo.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kyodo audit verify", () => {
  it("passes on the untouched log", async () => {
    const result = await runCli(["audit", "verify"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/監査ログは改ざんされていません（\d+件/);
  });

  it("names the first edited row and fails", async () => {
    const raw = openRawConnection(databaseUrl);
    await raw.execute(`UPDATE "AuditEntry" SET payload = '{"handle":"mallory"}' WHERE seq = 5`);
    raw.close();
    const result = await runCli(["audit", "verify"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("監査ログの 5 番の記録が改ざんされています");
    expect(result.stderr).toContain("Audit entry 5 was altered");
  });

  it("detects a deleted row", async () => {
    const raw = openRawConnection(databaseUrl);
    await raw.execute(`UPDATE "AuditEntry" SET payload = (SELECT payload FROM "AuditEntry" WHERE seq = 6) WHERE seq = 5`);
    await raw.execute(`DELETE FROM "AuditEntry" WHERE seq = 3`);
    raw.close();
    const result = await runCli(["audit", "verify"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("3 番の記録がありません");
  });
});

// On PostgreSQL transactions run side by side (SQLite takes one writer at a time), so what relies on writers
// taking turns must say so: twenty audit entries appended at once from separate transactions on two handles
// (as two instances would) all land, and the hash chain stays one chain.
import { describe, expect, it } from "vitest";
import { appendAuditEntry } from "../../src/domain/audit/append-audit-entry.ts";
import { verifyAuditLog } from "../../src/domain/audit/verify-audit-log.ts";
import { providerOf } from "../../src/storage/provider.ts";
import { postgresSkipReason, twoInstancesOnPostgres } from "../support/postgres.ts";

describe.skipIf(postgresSkipReason() !== "")("concurrent writers on PostgreSQL", () => {
  const instances = twoInstancesOnPostgres();

  it("a transaction knows its provider", async () => {
    expect(providerOf(instances.dbs[0])).toBe("postgresql");
    expect(await instances.dbs[0].$transaction((tx) => Promise.resolve(providerOf(tx)))).toBe("postgresql");
  });

  it("audit entries appended at once from two instances form one intact chain", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? instances.dbs[0] : instances.dbs[1]).$transaction((tx) =>
          appendAuditEntry(tx, { actor: "test", action: "people.add", subject: `p${i}`, payload: {} }),
        ),
      ),
    );
    expect(await instances.dbs[0].auditEntry.count()).toBe(20);
    expect((await verifyAuditLog(instances.dbs[0])).chain).toMatchObject({ ok: true, count: 20 });
  });
});

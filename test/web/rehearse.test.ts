// The console's rehearsal of a bulk import on both providers: the import's own transactions run inside one that is
// always rolled back, so its report (or its problems) comes back and nothing — rows or audit entries — stays.
import { afterAll, beforeAll, expect, it } from "vitest";
import { importBodies } from "../../src/domain/bodies/import-bodies.ts";
import { importPeople } from "../../src/domain/people/import-people.ts";
import { rehearse } from "../../src/web/rehearse.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

describeEachProvider("rehearsing an import", (provider) => {
  let kyodo: TestKyodo;
  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false });
  });
  afterAll(async () => {
    await kyodo.dispose();
  });

  const people = "handle,name,body\nrehearsal.a,試行 一,千葉市\nrehearsal.b,試行 二,銚子市\n";

  it("reports what the import would do and leaves nothing behind", async () => {
    const before = { people: await kyodo.db.person.count(), audit: await kyodo.db.auditEntry.count() };
    const outcome = await rehearse(kyodo.db, (db) => importPeople(db, kyodo.council.id, people, "test:rehearsal"));
    expect(outcome).toEqual({ written: true, report: { created: 2, updated: 0, unchanged: 0 } });
    expect(await kyodo.db.person.count()).toBe(before.people);
    expect(await kyodo.db.auditEntry.count()).toBe(before.audit);
    // The real import afterwards writes exactly that, and the audit chain goes on from where it was.
    const written = await importPeople(kyodo.db, kyodo.council.id, people, "test:rehearsal");
    expect(written).toEqual(outcome);
    expect(await kyodo.db.person.count()).toBe(before.people + 2);
    expect(await kyodo.db.auditEntry.count()).toBe(before.audit + 1);
  });

  it("returns an import's problems when the import rolls itself back inside the rehearsal", async () => {
    const before = await kyodo.db.body.count();
    const report = await rehearse(kyodo.db, (db) =>
      importBodies(db, kyodo.council.id, "code,name,kind\n999999,新しい市,city\n,,\n", "test"),
    );
    expect(report.written).toBe(false);
    expect(report.rejected.length).toBeGreaterThan(0);
    expect(await kyodo.db.body.count()).toBe(before);
  });
});

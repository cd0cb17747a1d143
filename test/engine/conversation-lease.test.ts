// The conversation lease in one statement (src/storage/lease-in-one-statement.ts): the same rule as the two-step
// lease of src/storage/leases.ts — free, expired or our own: ours; someone else's and unexpired: refused —
// on both providers, read back from the table.
import { afterAll, beforeAll, expect, it } from "vitest";
import { ConversationLocks } from "../../src/engine/conversation-lock.ts";
import { takeLease } from "../../src/storage/lease-in-one-statement.ts";
import { releaseLease } from "../../src/storage/leases.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

describeEachProvider("a conversation lease taken in one statement", (provider) => {
  let kyodo: TestKyodo;
  const t0 = new Date("2026-12-03T10:00:00.000Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const row = (key: string) => kyodo.db.lease.findUnique({ where: { key } });

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false });
  }, 120_000);
  afterAll(async () => {
    await kyodo?.dispose();
  });

  it("takes a free lease, and refuses it to another holder until it expires", async () => {
    expect(await takeLease(kyodo.db, "conversation:a", "p1", 30_000, t0)).toBe(true);
    expect(await row("conversation:a")).toEqual({ key: "conversation:a", holder: "p1", expiresAt: at(30_000) });
    expect(await takeLease(kyodo.db, "conversation:a", "p2", 30_000, at(29_999))).toBe(false);
    expect((await row("conversation:a"))?.holder).toBe("p1");
    expect(await takeLease(kyodo.db, "conversation:a", "p2", 30_000, at(30_001))).toBe(true);
    expect(await row("conversation:a")).toEqual({ key: "conversation:a", holder: "p2", expiresAt: at(60_001) });
  });

  it("renews the holder's own lease, and is free again once released", async () => {
    expect(await takeLease(kyodo.db, "conversation:b", "p1", 30_000, t0)).toBe(true);
    expect(await takeLease(kyodo.db, "conversation:b", "p1", 30_000, at(10_000))).toBe(true);
    expect((await row("conversation:b"))?.expiresAt).toEqual(at(40_000));
    expect(await takeLease(kyodo.db, "conversation:b", "p2", 30_000, at(35_000))).toBe(false);
    await releaseLease(kyodo.db, "conversation:b", "p1");
    expect(await takeLease(kyodo.db, "conversation:b", "p2", 30_000, at(35_000))).toBe(true);
  });

  it("gives a contested lease to exactly one of many holders at once", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => takeLease(kyodo.db, "conversation:c", `p${i}`, 30_000, t0)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("commits an event's last write with the conversation's release, and releases it when that write fails", async () => {
    const locks = new ConversationLocks(kyodo.db);
    const held = () => kyodo.db.lease.findUnique({ where: { key: "conversation:d" } });
    await locks.run("d", async (lease) => {
      expect(await held()).not.toBeNull();
      await lease.commitAndRelease(kyodo.db.processedEvent.create({ data: { key: "lease-test:1" } }));
      expect(await held()).toBeNull();
    });
    expect(await kyodo.db.processedEvent.count({ where: { key: "lease-test:1" } })).toBe(1);

    // The same key again breaks the unique key: nothing of that transaction stays, and the conversation is free.
    await expect(
      locks.run("d", (lease) => lease.commitAndRelease(kyodo.db.processedEvent.create({ data: { key: "lease-test:1" } }))),
    ).rejects.toThrow();
    expect(await held()).toBeNull();
    expect(await kyodo.db.processedEvent.count({ where: { key: "lease-test:1" } })).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEntry, verifyChain, type ChainedEntry } from "./hash-chain.ts";

function chain(n: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      at: new Date(Date.UTC(2026, 0, seq)),
      actor: "person:a",
      action: "test",
      subject: `s${seq}`,
      payload: `{"n":${seq}}`,
    };
    const hash = hashEntry(prev, content);
    entries.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe("audit hash chain", () => {
  it("verifies an intact chain", () => {
    const result = verifyChain(chain(5));
    expect(result).toMatchObject({ ok: true, count: 5 });
  });

  it("an empty chain is intact", () => {
    expect(verifyChain([])).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH, unkeyed: 0 });
  });

  it("names the first edited entry", () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, payload: '{"n":999}' };
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 3, reason: "hash" });
  });

  it("detects a deleted entry", () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 2, reason: "sequence" });
  });

  it("detects a recomputed hash that no longer links", () => {
    const entries = chain(4);
    const edited = { ...entries[1]!, subject: "forged" };
    edited.hash = hashEntry(edited.prevHash, edited);
    entries[1] = edited;
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 3, reason: "link" });
  });

  it("the hash depends on every field", () => {
    const base = { seq: 1, at: new Date(0), actor: "a", action: "b", subject: "c", payload: "{}" };
    const h = hashEntry(GENESIS_HASH, base);
    for (const change of [{ seq: 2 }, { at: new Date(1) }, { actor: "x" }, { action: "x" }, { subject: "x" }, { payload: "[]" }]) {
      expect(hashEntry(GENESIS_HASH, { ...base, ...change })).not.toBe(h);
    }
    expect(hashEntry("1".repeat(64), base)).not.toBe(h);
  });
});

describe("keyed audit hash chain", () => {
  const k1 = { id: "k1", secret: "first-secret-0123456789" };
  const k2 = { id: "k2", secret: "second-secret-0123456789" };
  const keys = new Map([k1, k2].map((k) => [k.id, k]));
  const policy = (unkeyedUntil = 0, known = keys) => ({ keyOf: (id: string) => known.get(id), unkeyedUntil });

  function keyedChain(signers: Array<typeof k1 | undefined>): ChainedEntry[] {
    const entries: ChainedEntry[] = [];
    let prev = GENESIS_HASH;
    signers.forEach((key, index) => {
      const content = {
        seq: index + 1,
        at: new Date(Date.UTC(2026, 0, index + 1)),
        actor: "person:a",
        action: "test",
        subject: `s${index}`,
        payload: "{}",
      };
      const hash = hashEntry(prev, content, key);
      entries.push({ ...content, prevHash: prev, hash, keyId: key?.id ?? "" });
      prev = hash;
    });
    return entries;
  }

  it("verifies entries written before a key, then under a key, then after a rotation", () => {
    const result = verifyChain(keyedChain([undefined, undefined, k1, k1, k2]), policy(2));
    expect(result).toMatchObject({ ok: true, count: 5, unkeyed: 2 });
  });

  it("refuses a chain rebuilt by someone without the key", () => {
    const entries = keyedChain([k1, k1, k1]);
    // The forger edits entry 2 and recomputes every hash after it, but can only compute plain hashes.
    const forged: ChainedEntry[] = [entries[0]!];
    let prev = entries[0]!.hash;
    for (const entry of entries.slice(1)) {
      const edited = { ...entry, prevHash: prev, subject: entry.seq === 2 ? "forged" : entry.subject, keyId: "" };
      edited.hash = hashEntry(prev, edited);
      forged.push(edited);
      prev = edited.hash;
    }
    expect(verifyChain(forged, policy())).toMatchObject({ ok: false, brokenAt: 2, reason: "unkeyed" });
    // Keeping the key id does not help: the HMAC does not match.
    const withId = forged.map((e) => ({ ...e, keyId: "k1" }));
    expect(verifyChain(withId, policy())).toMatchObject({ ok: false, brokenAt: 2, reason: "hash" });
  });

  it("names an entry signed with a key it does not have", () => {
    expect(verifyChain(keyedChain([k1, k2]), policy(0, new Map([["k1", k1]])))).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: "unknownKey",
    });
  });

  it("refuses unkeyed entries past the point where the key was introduced", () => {
    expect(verifyChain(keyedChain([undefined, undefined, k1]), policy(1))).toMatchObject({ ok: false, brokenAt: 2, reason: "unkeyed" });
  });
});

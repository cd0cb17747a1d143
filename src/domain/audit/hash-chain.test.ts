import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEntry, verifyChain, type ChainedEntry } from "./hash-chain.ts";

function chain(n: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = { seq, at: new Date(Date.UTC(2026, 0, seq)), actor: "person:a", action: "test", subject: `s${seq}`, payload: `{"n":${seq}}` };
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
    expect(verifyChain([])).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
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

// Signed bounce addresses: what Kyodo signs it reads back; a changed key or signature, another domain or
// another secret is not ours. Relays that lower-case the local part do not break it.
import { describe, expect, it } from "vitest";
import { bounceAddress, looksLikeBounceAddress, readBounceAddress } from "./verp.ts";

const SECRET = "0123456789abcdef0123456789abcdef";
const KEY = "6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b";
const DOMAIN = "kyodo.example.jp";

describe("bounce addresses", () => {
  it("reads back the key it signed, also in upper case", () => {
    const address = bounceAddress(KEY, SECRET, DOMAIN);
    expect(address).toMatch(/^bounce\+6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b\.[0-9a-f]{16}@kyodo\.example\.jp$/);
    expect(address.split("@")[0]!.length).toBeLessThanOrEqual(64);
    expect(readBounceAddress(address, SECRET, DOMAIN)).toBe(KEY);
    expect(readBounceAddress(address.toUpperCase(), SECRET, DOMAIN)).toBe(KEY);
  });

  it("refuses another key with the same signature, a wrong signature, another secret or domain", () => {
    const address = bounceAddress(KEY, SECRET, DOMAIN);
    expect(readBounceAddress(address.replace("6f1c", "6f1d"), SECRET, DOMAIN)).toBeUndefined();
    expect(readBounceAddress(address.replace(/\.[0-9a-f]{16}@/, ".0000000000000000@"), SECRET, DOMAIN)).toBeUndefined();
    expect(readBounceAddress(address.replace(/\.[0-9a-f]{16}@/, ".00@"), SECRET, DOMAIN)).toBeUndefined();
    expect(readBounceAddress(address, `${SECRET}x`, DOMAIN)).toBeUndefined();
    expect(readBounceAddress(address.replace(DOMAIN, "other.example.jp"), SECRET, DOMAIN)).toBeUndefined();
    expect(readBounceAddress(`bounce+${KEY}@${DOMAIN}`, SECRET, DOMAIN)).toBeUndefined();
  });

  it("tells bounce addresses from reply addresses", () => {
    expect(looksLikeBounceAddress(`bounce+x.y@${DOMAIN}`, DOMAIN)).toBe(true);
    expect(looksLikeBounceAddress(`vote+abc@${DOMAIN}`, DOMAIN)).toBe(false);
    expect(looksLikeBounceAddress("bounce+x.y@other.example.jp", DOMAIN)).toBe(false);
  });
});

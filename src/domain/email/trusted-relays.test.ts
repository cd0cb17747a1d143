// MAIL_TRUSTED_RELAYS: addresses and CIDR ranges, IPv4 and IPv6, and IPv4 as the SMTP server reports it
// on a dual-stack socket (::ffff:192.0.2.7).
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { badRelayEntries, parseTrustedRelays, relayTrusted } from "./trusted-relays.ts";

describe("trusted relays", () => {
  const relays = parseTrustedRelays("192.0.2.0/24, 198.51.100.7 2001:db8::/32")!;

  it("matches addresses and ranges, including IPv4-mapped IPv6", () => {
    expect(relayTrusted(relays, "192.0.2.7")).toBe(true);
    expect(relayTrusted(relays, "::ffff:192.0.2.7")).toBe(true);
    expect(relayTrusted(relays, "198.51.100.7")).toBe(true);
    expect(relayTrusted(relays, "2001:db8::25")).toBe(true);
    expect(relayTrusted(relays, "198.51.100.8")).toBe(false);
    expect(relayTrusted(relays, "127.0.0.1")).toBe(false);
    expect(relayTrusted(relays, "not-an-address")).toBe(false);
  });

  it("is off when empty, and names the entries that are not addresses", () => {
    expect(parseTrustedRelays(undefined)).toBeUndefined();
    expect(parseTrustedRelays("  ")).toBeUndefined();
    expect(badRelayEntries("192.0.2.1, mail.example.jp, 10.0.0.0/33, 10.0.0.0/8")).toEqual(["mail.example.jp", "10.0.0.0/33"]);
    expect(() => loadConfig({ MAIL_TRUSTED_RELAYS: "mail.example.jp" })).toThrow(/MAIL_TRUSTED_RELAYS/);
  });
});

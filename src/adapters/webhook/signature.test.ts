import { describe, expect, it } from "vitest";
import { sign as clientSign, signedHeaders, verify as clientVerify } from "../../../scripts/webhook-chat-client.ts";
import { signatureHeaders, signBody, verifyBody } from "./signature.ts";

const SECRET = "a-shared-secret-of-some-length";
const now = Date.UTC(2026, 10, 24, 1, 0, 0);

describe("webhook signatures", () => {
  it("are the scheme the sample client implements, in both directions", () => {
    const body = JSON.stringify({ eventId: "e1", text: "こんにちは" });
    expect(signBody(SECRET, 1795482000, body)).toBe(clientSign(SECRET, "1795482000", body));
    const fromClient = signedHeaders(SECRET, body, now);
    expect(
      verifyBody(SECRET, { signature: fromClient["x-kyodo-signature"], timestamp: fromClient["x-kyodo-timestamp"] }, body, now),
    ).toEqual({ ok: true });
    const fromKyodo = signatureHeaders(SECRET, body, now);
    expect(clientVerify(SECRET, { signature: fromKyodo["x-kyodo-signature"], timestamp: fromKyodo["x-kyodo-timestamp"] }, body, now)).toBe(
      true,
    );
  });

  it("refuse other secrets, other bodies and timestamps outside five minutes", () => {
    const body = "{}";
    const h = signatureHeaders(SECRET, body, now);
    const check = (b: string, at: number, secret = SECRET) =>
      verifyBody(secret, { signature: h["x-kyodo-signature"], timestamp: h["x-kyodo-timestamp"] }, b, at);
    expect(check(body, now, "another-secret-entirely")).toEqual({ ok: false, reason: "bad_signature" });
    expect(check("{ }", now)).toEqual({ ok: false, reason: "bad_signature" });
    expect(check(body, now + 299_000)).toEqual({ ok: true });
    expect(check(body, now + 301_000)).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(check(body, now - 301_000)).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(verifyBody(SECRET, { signature: "v1=00", timestamp: "soon" }, body, now)).toEqual({ ok: false, reason: "bad_timestamp" });
    // While a secret is rotated, either of two signatures may match.
    expect(
      verifyBody(SECRET, { signature: `v1=${"0".repeat(64)}, ${h["x-kyodo-signature"]}`, timestamp: h["x-kyodo-timestamp"] }, body, now),
    ).toEqual({ ok: true });
  });
});

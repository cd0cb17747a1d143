// Slack's request signature: the documented example, and every way a request is refused.
import { describe, expect, it } from "vitest";
import { signSlackRequest, verifySlackSignature } from "./verify-signature.ts";

// The worked example from Slack's "Verifying requests from Slack" guide.
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const AT = Number(TIMESTAMP) * 1000;

describe("Slack request signatures", () => {
  it("matches Slack's documented example", () => {
    expect(signSlackRequest(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
    expect(verifySlackSignature(SECRET, { signature: SIGNATURE, timestamp: TIMESTAMP }, BODY, AT)).toEqual({ ok: true });
  });

  it("refuses a changed body, a wrong secret and a malformed signature", () => {
    expect(verifySlackSignature(SECRET, { signature: SIGNATURE, timestamp: TIMESTAMP }, `${BODY}x`, AT)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifySlackSignature("other", { signature: SIGNATURE, timestamp: TIMESTAMP }, BODY, AT)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifySlackSignature(SECRET, { signature: "v0=abc", timestamp: TIMESTAMP }, BODY, AT)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifySlackSignature(SECRET, { signature: undefined, timestamp: TIMESTAMP }, BODY, AT)).toEqual({
      ok: false,
      reason: "missing_headers",
    });
    expect(verifySlackSignature(SECRET, { signature: SIGNATURE, timestamp: "15314206l8" }, BODY, AT)).toEqual({
      ok: false,
      reason: "bad_timestamp",
    });
  });

  it("accepts five minutes of clock difference either way, and nothing beyond", () => {
    const check = (offsetSeconds: number) =>
      verifySlackSignature(SECRET, { signature: SIGNATURE, timestamp: TIMESTAMP }, BODY, AT + offsetSeconds * 1000).ok;
    expect([check(-300), check(300)]).toEqual([true, true]);
    expect([check(-301), check(301)]).toEqual([false, false]);
  });
});

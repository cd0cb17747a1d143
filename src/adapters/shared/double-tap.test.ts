import { describe, expect, it } from "vitest";
import { DOUBLE_TAP_MS, DoubleTapGuard, type Press } from "./double-tap.ts";

const press = (eventId: string, atMs: number, value = "v:1:for"): Press => ({
  eventId,
  workspace: "w",
  conversationId: "c",
  userId: "u",
  actionId: "flow:vote",
  value,
  atMs,
});

describe("DoubleTapGuard", () => {
  it("takes a second press of the same button within the window as a repeat, not a redelivery or another button", () => {
    const guard = new DoubleTapGuard();
    expect(guard.isRepeat(press("e1", 1_000))).toBe(false);
    // LINE redelivering the first press (same event id) is the inbox's business, and must not be dropped here.
    expect(guard.isRepeat(press("e1", 1_000))).toBe(false);
    expect(guard.isRepeat(press("e2", 1_400))).toBe(true);
    expect(guard.isRepeat(press("e3", 1_500, "v:2:for"))).toBe(false);
    expect(guard.isRepeat(press("e4", 1_000 + DOUBLE_TAP_MS + 1))).toBe(false);
  });
});

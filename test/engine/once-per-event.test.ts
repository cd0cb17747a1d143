// `once` (src/engine/context.ts): what two parts of one answer read is read once per event, and a failed
// read is tried again rather than remembered; another event reads afresh.
import { describe, expect, it } from "vitest";
import { once, type Context } from "../../src/engine/context.ts";

const event = () => ({}) as Context;

describe("reading once per event", () => {
  it("loads a key once within an event, and again for the next event", async () => {
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    const first = event();
    expect(await once(first, "council:c1", load)).toBe(1);
    expect(await once(first, "council:c1", load)).toBe(1);
    expect(await once(first, "council:c2", load)).toBe(2);
    expect(await once(event(), "council:c1", load)).toBe(3);
  });

  it("does not remember a failed read", async () => {
    const ctx = event();
    await expect(once(ctx, "k", () => Promise.reject(new Error("busy")))).rejects.toThrow("busy");
    expect(await once(ctx, "k", () => Promise.resolve("read"))).toBe("read");
  });
});

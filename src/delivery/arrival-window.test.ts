import { describe, expect, it } from "vitest";
import { busiestWindow, gapViolations, windowViolations } from "./arrival-window.ts";

describe("arrival windows", () => {
  it("counts each arrival that finds the second before it full", () => {
    // 3 per second allowed: 0, 100, 200 fill the window; 900 is the 4th within a second; at 1100 the second
    // before holds 200 and 900 (100 is a full second back).
    expect(windowViolations([0, 100, 200, 900, 1100], 3)).toBe(1);
    expect(windowViolations([0, 400, 800, 1200, 1600], 3)).toBe(0);
    expect(busiestWindow([0, 100, 200, 900, 1100])).toBe(4);
  });

  it("counts messages into one conversation closer than its gap", () => {
    expect(gapViolations([0, 1000, 1999, 3500], 1000)).toBe(1);
  });
});

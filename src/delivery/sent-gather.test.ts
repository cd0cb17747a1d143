// A sent delivery whose "sent" is not yet written when the process dies is sent again. Only LINE drops
// such a repeat (by its retry key); anywhere else it is a second message, so the wait stays short there.
import { describe, expect, it } from "vitest";
import { sentGatherMs } from "./delivery-outcome.ts";

describe("how long a sent delivery waits to be written", () => {
  it("is short where a repeat would reach the person twice", () => {
    for (const platform of ["slack", "email", "mattermost", "lineworks", "webhook"]) expect(sentGatherMs(platform)).toBeLessThanOrEqual(20);
  });
  it("may be longer on LINE, which drops a repeated request by its retry key", () => {
    expect(sentGatherMs("line")).toBeGreaterThan(sentGatherMs("slack"));
  });
});

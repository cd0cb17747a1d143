// The ack path's inbox write runs in the urgent lane (src/storage/priority-lane.ts). A Prisma query is a
// lazy promise: it starts when it is first awaited, in the async context of whoever awaits it. Returned
// from urgently() as it was, it started outside the lane, and acknowledgements queued behind the work.
import { describe, expect, it } from "vitest";
import { inUrgentLane, urgently } from "../../src/storage/priority-lane.ts";

/** Starts its work only when awaited, as Prisma's queries do, and records whether that was in the lane. */
function lazyQuery(seen: boolean[]): Promise<number> {
  const thenable = {
    then(resolve: (value: number) => void) {
      seen.push(inUrgentLane());
      resolve(1);
    },
  };
  return thenable as unknown as Promise<number>;
}

describe("urgently", () => {
  it("runs a lazily started query inside the urgent lane", async () => {
    const seen: boolean[] = [];
    expect(await urgently(() => lazyQuery(seen))).toBe(1);
    expect(seen).toEqual([true]);
    expect(inUrgentLane()).toBe(false);
  });
});

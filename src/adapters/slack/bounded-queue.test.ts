// The Slack call queue runs a fixed number of calls at once and refuses work beyond its capacity.
import { describe, expect, it } from "vitest";
import { BoundedQueue, QueueFullError } from "./bounded-queue.ts";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("bounded queue", () => {
  it("runs at most `concurrency` tasks, queues up to `capacity`, and refuses the rest at once", async () => {
    const queue = new BoundedQueue(2, 3);
    const g = gate();
    let peak = 0;
    let running = 0;
    const task = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await g.opened;
      running -= 1;
      return "done";
    };
    const accepted = Array.from({ length: 5 }, () => queue.run(task));
    await Promise.resolve();
    expect(queue.running).toBe(2);
    expect(queue.pending).toBe(3);
    await expect(queue.run(task)).rejects.toBeInstanceOf(QueueFullError);
    g.open();
    expect(await Promise.all(accepted)).toEqual(["done", "done", "done", "done", "done"]);
    expect(peak).toBe(2);
    expect([queue.running, queue.pending]).toEqual([0, 0]);
  });

  it("a failing task frees its slot", async () => {
    const queue = new BoundedQueue(1, 1);
    await expect(queue.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await queue.run(() => Promise.resolve(42))).toBe(42);
    expect(queue.running).toBe(0);
  });
});

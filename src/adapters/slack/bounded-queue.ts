// Runs at most `concurrency` tasks at once and lets at most `capacity` more wait. When Slack is slow or
// rate-limits us, work piles up here; past the capacity a call fails at once (and the person is told)
// instead of the process holding an ever-growing backlog of stale replies.

export class QueueFullError extends Error {
  constructor(capacity: number) {
    super(`the Slack call queue is full (${capacity} waiting)`);
    this.name = "QueueFullError";
  }
}

export class BoundedQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly capacity: number;

  constructor(concurrency: number, capacity: number) {
    this.concurrency = concurrency;
    this.capacity = capacity;
  }

  get pending(): number {
    return this.waiting.length;
  }

  get running(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.capacity) throw new QueueFullError(this.capacity);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `active` never drops while work is queued.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

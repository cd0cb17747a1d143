// One conversation is handled by one worker at a time: events from a double click or a fast typist are
// queued in this process, and a database lease keeps a second Kyodo process out while we work.
import { randomUUID } from "node:crypto";
import type { Db } from "../storage/database.ts";
import { releaseLease, tryAcquireLease } from "../storage/leases.ts";

const LEASE_MS = 30_000;
const WAIT_STEP_MS = 50;
const MAX_WAIT_MS = 10_000;

export class ConversationLocks {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly holder = `proc-${process.pid}-${randomUUID().slice(0, 8)}`;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => this.withLease(key, work));
    this.tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === current) this.tails.delete(key);
    }
  }

  private async withLease<T>(key: string, work: () => Promise<T>): Promise<T> {
    const leaseKey = `conversation:${key}`;
    const started = Date.now();
    while (!(await tryAcquireLease(this.db, leaseKey, this.holder, LEASE_MS))) {
      if (Date.now() - started > MAX_WAIT_MS) throw new Error(`conversation ${key} is busy`);
      await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
    }
    try {
      return await work();
    } finally {
      await releaseLease(this.db, leaseKey, this.holder);
    }
  }
}

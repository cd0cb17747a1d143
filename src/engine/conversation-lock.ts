// One conversation is handled by one worker at a time: events from a double click or a fast typist are
// queued in this process, and a database lease keeps a second Kyodo process out while we work.
import { randomUUID } from "node:crypto";
import type { Db, Prisma } from "../storage/database.ts";
import { leaseRelease, takeLease } from "../storage/lease-in-one-statement.ts";

const LEASE_MS = 30_000;
const WAIT_STEP_MS = 50;
const MAX_WAIT_MS = 10_000;

export class ConversationLocks {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly holder = `proc-${process.pid}-${randomUUID().slice(0, 8)}`;

  private readonly db: Db;
  private readonly leaseMs: number;

  /** `leaseMs`: how long a dead holder keeps a conversation (tests shorten it). */
  constructor(db: Db, leaseMs = LEASE_MS) {
    this.db = db;
    this.leaseMs = leaseMs;
  }

  async run<T>(key: string, work: (lease: HeldConversation) => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => this.withLease(key, work));
    this.tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === current) this.tails.delete(key);
    }
  }

  private async withLease<T>(key: string, work: (lease: HeldConversation) => Promise<T>): Promise<T> {
    const leaseKey = `conversation:${key}`;
    const started = Date.now();
    while (!(await takeLease(this.db, leaseKey, this.holder, this.leaseMs))) {
      if (Date.now() - started > MAX_WAIT_MS) throw new Error(`conversation ${key} is busy`);
      await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
    }
    // Long work (a large import, a slow platform) keeps its lease: renewed every third of it, so another
    // instance never takes a conversation that is still being worked on, and a dead one's lapses after one lease.
    const renewal = setInterval(() => {
      void takeLease(this.db, leaseKey, this.holder, this.leaseMs).catch(() => undefined);
    }, this.leaseMs / 3);
    renewal.unref();
    let released = false;
    const { db, holder } = this;
    const lease: HeldConversation = {
      async commitAndRelease(write) {
        clearInterval(renewal);
        await db.$transaction([write, leaseRelease(db, leaseKey, holder)]);
        released = true;
      },
    };
    try {
      return await work(lease);
    } finally {
      clearInterval(renewal);
      if (!released) await leaseRelease(this.db, leaseKey, this.holder);
    }
  }
}

/** The conversation while this process holds it. */
export interface HeldConversation {
  /** Commits the event's last write and gives the conversation up in the same transaction: one commit (one
   *  fsync on SQLite) instead of two (issue #15). Only as the event's very last database work: the next event of
   *  the conversation may start in another process as soon as it returns. */
  commitAndRelease(write: Prisma.PrismaPromise<unknown>): Promise<void>;
}

// The durable inbox (issue #14): an acknowledgement means the event is safe. Adapters verify a delivery,
// `accept` it (one INSERT, committed) and only then acknowledge the platform. The work runs from the
// stored row: at once in this process, with bounded concurrency, and again by a sweep (at start and every
// few seconds) for rows whose claim expired because the process that claimed them died. A row is done
// only after its work returned; a crash in between leaves the claim to expire and the event runs again.
// Running again is safe because the work is idempotent where it matters: votes are append-only with one
// current vote per seat, so a replayed identical vote is "unchanged", never counted twice. Rule refusals
// are answers (done); other failures are retried with backoff, then parked as "failed" for review.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { inboxDbOf, type Db } from "../storage/database.ts";
import type { InboxPort, ReplyContext } from "./adapter.ts";
import { StoredJsonError } from "../lib/json-column.ts";
import { backoffMs, claimRow, dedupeKeyOf, markDone, readRow, renewClaim, retiredKey, type InboxRow } from "./inbox-rows.ts";
import { InboxWriter } from "./inbox-writer.ts";
import type { InboxInsert } from "../storage/inbox-insert.ts";
import { isRefusal, type InboundEvent, type OutboundMessage } from "./messages.ts";

export { dedupeKeyOf } from "./inbox-rows.ts";

/** How long a claim lasts; renewed while the work runs, so only a dead process's claim expires. */
export const CLAIM_MS = 10_000;
export const MAX_INBOX_ATTEMPTS = 5;
/** Platforms redeliver within minutes to hours; a week is far beyond, and keys are kept that long. */
export const INBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 5_000;
const SWEEP_BATCH = 100;
/** Work on SQLite shares one connection and the event loop with the acknowledgements: a few at a time
 *  keeps each acknowledgement's wait short (issue #15), more would only queue inside the database adapter. */
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_QUEUE_CAPACITY = 500;

export interface InboxOptions {
  db: Db;
  logger: Logger;
  /** the engine's work for one event; throws on an internal failure */
  work(event: InboundEvent): Promise<OutboundMessage[]>;
  /** delivers the replies of a done event (through its adapter, or pushed via the outbox when `late`) */
  reply(event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined, late: boolean): Promise<void>;
  /** the answer to an event whose work failed while the platform waited (handleNow): "please try again" */
  failureReply(event: InboundEvent): Promise<OutboundMessage[]>;
  /** tells the person that their event could not be handled and was parked */
  parked(event: InboundEvent, context: ReplyContext | undefined, late: boolean): Promise<void>;
  /** events worked on at once in this process */
  concurrency?: number;
  /** events waiting in memory for a worker; past this they wait in the inbox table for the sweep */
  queueCapacity?: number;
  clock?: () => Date;
  /** crash tests only: wait this long between accepting and working, so a kill lands in between */
  holdWorkMs?: number;
  /** The work runs in another thread (src/engine/inbox-thread.ts): accepted rows are handed to it instead of
   *  being queued here, and this process does not sweep. */
  handOver?(id: string, orderKey: string): void;
  /** how the ack path's batches are written (src/storage/inbox-write-thread.ts: off this thread) */
  insert?: InboxInsert;
}

export class Inbox implements InboxPort {
  readonly holder = `inbox-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly options: InboxOptions;
  private readonly clock: () => Date;
  private readonly concurrency: number;
  private readonly queueCapacity: number;
  private readonly writer: InboxWriter;
  /** where the InboxEvent table is: the inbox's own file on SQLite (src/storage/inbox-schema.ts) */
  private readonly store: Db;
  /** events left in the table because the queue was full: the sweep takes them once there is room */
  private deferred = 0;
  private refilling: Promise<number> | undefined;
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  /** rows accepted by this process: their reply context is still fresh */
  private readonly acceptedHere = new Set<string>();
  /** the conversation of each event accepted here, and the last of its events to run: one at a time, in order */
  private readonly orderKeys = new Map<string, string>();
  private readonly tails = new Map<string, Promise<void>>();
  /** crash tests: accepted rows waiting out holdWorkMs, which the sweep must not take either */
  private readonly held = new Set<string>();
  private active = 0;
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(options: InboxOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.queueCapacity = options.queueCapacity ?? DEFAULT_QUEUE_CAPACITY;
    this.writer = new InboxWriter(options.db, options.insert);
    this.store = inboxDbOf(options.db);
  }

  /** The ack path: the event's row, committed (grouped with others arriving at the same time). A known
   *  dedupe key is a redelivery; it will run (or ran) from its row. */
  async accept(event: InboundEvent, replyContext?: ReplyContext): Promise<"accepted" | "duplicate"> {
    const id = await this.writer.insert({
      dedupeKey: dedupeKeyOf(event),
      platform: event.ref.platform,
      event: JSON.stringify(event),
      replyContext: replyContext ? JSON.stringify(replyContext) : null,
      receivedAt: this.clock(),
    });
    if (id === undefined) {
      this.options.logger.info({ eventId: event.eventId, platform: event.ref.platform }, "redelivered event: already in the inbox");
      return "duplicate";
    }
    const orderKey = [event.ref.platform, event.ref.workspace, event.ref.conversationId, event.user.externalId].join(":");
    if (this.options.handOver) this.options.handOver(id, orderKey);
    else this.take(id, orderKey);
    return "accepted";
  }

  /** Queues a row just accepted (here, or by the thread that acknowledges: src/engine/inbox-thread.ts); its
   *  reply context is fresh, and it runs after the earlier events of its conversation. */
  take(id: string, orderKey: string): void {
    this.acceptedHere.add(id);
    this.orderKeys.set(id, orderKey);
    if (this.options.holdWorkMs) {
      this.held.add(id);
      setTimeout(() => {
        this.held.delete(id);
        this.enqueue(id);
      }, this.options.holdWorkMs).unref();
    } else this.enqueue(id);
  }

  /**
   * For platforms that wait for the answer itself (a Mattermost command or button answers in its HTTP
   * response): the event is claimed in the inbox and worked on now. Done, it is never run again; a claim
   * that never completed (the process died) expires, so the person's retry of the same event runs it.
   * A failure releases the claim and answers "please try again", as the platform shows no success.
   */
  async handleNow(event: InboundEvent): Promise<OutboundMessage[]> {
    const { logger } = this.options;
    const db = this.store;
    const now = this.clock();
    const dedupeKey = dedupeKeyOf(event);
    const claim = { status: "running", claimedBy: this.holder, availableAt: new Date(now.getTime() + CLAIM_MS) };
    let id: string;
    try {
      id = (
        await db.inboxEvent.create({
          data: {
            dedupeKey,
            platform: event.ref.platform,
            event: JSON.stringify(event),
            mode: "sync",
            receivedAt: now,
            attempts: 1,
            ...claim,
          },
          select: { id: true },
        })
      ).id;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
      const taken = await db.inboxEvent.updateMany({
        where: { dedupeKey, mode: "sync", status: { in: ["pending", "running"] }, availableAt: { lte: now } },
        data: { ...claim, attempts: { increment: 1 } },
      });
      if (taken.count === 0) {
        logger.info({ dedupeKey }, "repeated event skipped: done, or being worked on");
        return [];
      }
      id = (await db.inboxEvent.findUniqueOrThrow({ where: { dedupeKey }, select: { id: true } })).id;
    }
    const renew = this.keepClaim(id);
    try {
      const replies = await this.options.work(event);
      await db.inboxEvent.updateMany({
        where: { id, claimedBy: this.holder },
        data: { status: "done", finishedAt: this.clock(), lastError: null },
      });
      return replies;
    } catch (error) {
      logger.error({ err: error, eventId: event.eventId, platform: event.ref.platform }, "event failed");
      await db.inboxEvent.deleteMany({ where: { id, claimedBy: this.holder } }).catch(() => undefined);
      return this.options.failureReply(event);
    } finally {
      clearInterval(renew);
    }
  }

  /** Keeps a claim alive while its work runs; a process that dies stops renewing it, and it expires. */
  private keepClaim(id: string): NodeJS.Timeout {
    return setInterval(() => {
      renewClaim(this.store, id, this.holder, new Date(this.clock().getTime() + CLAIM_MS)).catch(() => undefined);
    }, CLAIM_MS / 3);
  }

  /** Starts the sweep: now (what a previous process left unfinished) and every few seconds. */
  start(): void {
    this.stopping = false;
    if (this.options.handOver) return; // the thread that works sweeps
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** Stops taking work and waits for what runs; unfinished rows stay for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.queue.length = 0;
    this.queued.clear();
    await this.idle();
    this.writer.close();
  }

  /** Resolves when nothing queued in this process is left to run. */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.queue.length > 0 || this.refilling) await Promise.allSettled([...this.running, this.refilling]);
  }

  /** The queue has drained and events were left in the table: take them now rather than at the next sweep. */
  private refill(): void {
    if (this.refilling) return;
    this.deferred = 0;
    // Rows being claimed are still pending and come back too; ask for that many more.
    const limit = this.queueCapacity + this.concurrency;
    this.refilling = this.sweep(this.clock(), limit)
      .then((found) => {
        // A full page that queued something means more may be waiting: look again once the queue has
        // drained. (A page of nothing runnable is left to the periodic sweep, so this never spins.)
        if (found >= limit && this.active + this.queue.length > 0) this.deferred = Math.max(this.deferred, 1);
        return found;
      })
      .finally(() => {
        this.refilling = undefined;
        if (this.deferred > 0 && this.queue.length === 0 && this.active === 0) this.refill();
      });
  }

  /** Queues every row that may run now: never claimed, due for a retry, or claimed by a process that died. */
  async sweep(now = this.clock(), limit = SWEEP_BATCH): Promise<number> {
    if (this.stopping) return 0;
    try {
      const due = await this.store.inboxEvent.findMany({
        where: { mode: "inbox", status: { in: ["pending", "running"] }, availableAt: { lte: now } },
        orderBy: { receivedAt: "asc" },
        take: limit,
        select: { id: true },
      });
      for (const row of due) if (!this.held.has(row.id)) this.enqueue(row.id);
      return due.length;
    } catch (error) {
      this.options.logger.error({ err: error }, "inbox sweep failed");
      return 0;
    }
  }

  /** Back-pressure instead of an ever-growing queue: past the capacity the event stays (committed,
   *  pending) in the table, and the sweep queues it once the queue has drained. Nothing is dropped. */
  private enqueue(id: string): boolean {
    if (this.stopping || this.queued.has(id)) return false;
    if (this.queue.length >= this.queueCapacity) {
      this.deferred += 1;
      // Its place in its conversation's order is kept by the table (the sweep reads oldest first).
      this.orderKeys.delete(id);
      return false;
    }
    this.queued.add(id);
    this.queue.push(id);
    this.pump();
    return true;
  }

  /** How much waits in memory, and how many events were left in the table for the sweep. */
  get load(): { queued: number; running: number; deferred: number; capacity: number } {
    return { queued: this.queue.length, running: this.active, deferred: this.deferred, capacity: this.queueCapacity };
  }

  /** Group-commit counters (benchmarks). */
  get commits(): { commits: number; rows: number; largestBatch: number } {
    return { ...this.writer.stats };
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      this.active += 1;
      const run = this.runInOrder(id)
        .catch((error: unknown) => this.options.logger.error({ err: error, inboxEvent: id }, "inbox event could not be run"))
        .finally(() => {
          this.active -= 1;
          this.queued.delete(id);
          this.running.delete(run);
          this.pump();
          if (this.deferred > 0 && this.queue.length === 0) this.refill();
        });
      this.running.add(run);
    }
  }

  /** Events of one conversation accepted here run one after the other, in the order they arrived
   *  (claiming takes a database round trip, which would otherwise let a later one overtake). */
  private runInOrder(id: string): Promise<void> {
    const key = this.orderKeys.get(id);
    this.orderKeys.delete(id);
    if (!key) return this.runOne(id);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.runOne(id));
    this.tails.set(key, mine);
    return mine.finally(() => {
      if (this.tails.get(key) === mine) this.tails.delete(key);
    });
  }

  /** Claims the row (a conditional UPDATE: one process wins), works, and records the outcome. */
  private async runOne(id: string): Promise<void> {
    const { logger } = this.options;
    const db = this.store;
    const now = this.clock();
    const row = await claimRow(db, id, this.holder, now, new Date(now.getTime() + CLAIM_MS));
    if (!row) return; // done, parked, waiting for a retry, or another process has it
    let read: ReturnType<typeof readRow>;
    try {
      read = readRow(row);
    } catch (error) {
      if (!(error instanceof StoredJsonError)) throw error;
      return this.unreadable(row, error);
    }
    const { event, context } = read;
    const late = !this.acceptedHere.has(id);
    const renew = this.keepClaim(id);
    let replies: OutboundMessage[];
    try {
      replies = await this.options.work(event);
    } catch (error) {
      clearInterval(renew);
      await this.failed(row, event, context, late, error);
      return;
    }
    clearInterval(renew);
    // A refused button press was not carried out: its key is freed, so pressing the same button again is
    // a new attempt rather than a repeat to ignore. (Typed text is sent again under a new id anyway.)
    await markDone(db, id, this.holder, this.clock(), event.kind === "action" && isRefusal(replies) ? retiredKey(row) : undefined);
    this.acceptedHere.delete(id);
    if (replies.length === 0) return;
    try {
      await this.options.reply(event, replies, context, late);
    } catch (error) {
      // The work is done and recorded; a reply that cannot be sent does not undo it.
      logger.error({ err: error, eventId: event.eventId, platform: event.ref.platform }, "reply to an inbox event failed");
    }
  }

  /** A row this version cannot read (an older shape, damaged) would fail the same way on every claim: it is
   *  parked at once with the reason, for the secretariat's `kyodo inbox failed`. Nobody can be told, since who
   *  sent it is inside what cannot be read. */
  private async unreadable(row: InboxRow, error: StoredJsonError): Promise<void> {
    this.options.logger.error({ err: error, inboxEvent: row.id }, "inbox event cannot be read; parked for review");
    await this.store.inboxEvent.updateMany({
      where: { id: row.id, claimedBy: this.holder },
      data: { status: "failed", lastError: error.message.slice(-2000), finishedAt: this.clock(), dedupeKey: retiredKey(row) },
    });
    this.acceptedHere.delete(row.id);
  }

  private async failed(
    row: InboxRow,
    event: InboundEvent,
    context: ReplyContext | undefined,
    late: boolean,
    error: unknown,
  ): Promise<void> {
    const { logger } = this.options;
    const db = this.store;
    const attempts = row.attempts;
    const lastError = String((error as Error)?.message ?? error)
      .trim()
      .slice(-2000);
    const park = attempts >= MAX_INBOX_ATTEMPTS;
    logger.error(
      { err: error, eventId: event.eventId, platform: event.ref.platform, attempts, parked: park },
      park ? "inbox event parked for review" : "inbox event failed; will retry",
    );
    await db.inboxEvent.updateMany({
      where: { id: row.id, claimedBy: this.holder },
      data: park
        ? { status: "failed", lastError, finishedAt: this.clock(), ...(event.kind === "action" ? { dedupeKey: retiredKey(row) } : {}) }
        : { status: "pending", lastError, availableAt: new Date(this.clock().getTime() + backoffMs(attempts)) },
    });
    if (!park) return;
    this.acceptedHere.delete(row.id);
    await this.options
      .parked(event, context, late)
      .catch((e: unknown) => logger.error({ err: e }, "could not tell the person about a parked event"));
  }
}

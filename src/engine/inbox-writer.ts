// Group commit for the inbox (issue #15). Every acknowledgement waits for its event's row to be committed,
// and on SQLite each commit is an fsync (synchronous = FULL) behind one connection; one INSERT per event
// made a burst of button presses queue up one commit after another. Here rows that arrive while a write
// is under way wait for it and then go together: one multi-row INSERT, one commit, and every acceptance
// of the batch resolves when that commit returned. At low load a row goes alone on the next turn of the
// event loop, so nobody waits for a timer. A dedupe key already stored (a redelivery) is skipped by the
// statement itself and reported as a duplicate, without failing the others of its batch.
import { randomUUID } from "node:crypto";
import { Prisma } from "../storage/generated/client.ts";
import type { Db } from "../storage/database.ts";
import { urgently } from "../storage/priority-lane.ts";
import { signalAckWrite } from "../storage/ack-signal.ts";

export interface InboxRowInput {
  dedupeKey: string;
  platform: string;
  event: string;
  replyContext: string | null;
  receivedAt: Date;
}

/** 7 bound values per row; SQLite takes at most 999 per statement. */
export const ROWS_PER_COMMIT = 128;

interface Waiting {
  id: string;
  row: InboxRowInput;
  resolve(id: string | undefined): void;
  reject(error: unknown): void;
}

export class InboxWriter {
  private readonly db: Db;
  private waiting: Waiting[] = [];
  private writing = false;
  private scheduled = false;
  /** how many commits carried how many rows, for benchmarks and logs */
  readonly stats = { commits: 0, rows: 0, largestBatch: 0 };

  constructor(db: Db) {
    this.db = db;
  }

  /** Resolves with the new row's id once committed, or undefined when its dedupe key was already stored. */
  insert(row: InboxRowInput): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: randomUUID(), row, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a timer: what arrived in the same turn of the event loop joins, and a lone
    // event is written at once.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, ROWS_PER_COMMIT);
    try {
      const inserted = await this.write(batch);
      this.stats.commits += 1;
      this.stats.rows += inserted.size;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
      for (const entry of batch) entry.resolve(inserted.has(entry.id) ? entry.id : undefined);
    } catch (error) {
      // Nothing of this batch was stored: every platform hears of the failure and redelivers (or the
      // person retries); none is acknowledged.
      for (const entry of batch) entry.reject(error);
    } finally {
      this.writing = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }

  /** One statement, hence one transaction and one commit; returns the ids actually inserted. */
  private async write(batch: Waiting[]): Promise<Set<string>> {
    const values = batch.map(
      ({ id, row }) =>
        Prisma.sql`(${id}, ${row.dedupeKey}, ${row.platform}, ${row.event}, ${row.replyContext}, ${row.receivedAt}, ${row.receivedAt})`,
    );
    // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL.
    // Ahead of the work's queries: the platform is waiting for this one (src/storage/priority-lane.ts).
    // With the work in a worker thread, that thread steps back while this write waits (src/storage/ack-signal.ts).
    const rows = await signalAckWrite(() =>
      urgently(
        () => this.db.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "InboxEvent" ("id", "dedupeKey", "platform", "event", "replyContext", "receivedAt", "availableAt")
        VALUES ${Prisma.join(values)}
        ON CONFLICT ("dedupeKey") DO NOTHING
        RETURNING "id"`,
      ),
    );
    return new Set(rows.map((r) => r.id));
  }
}

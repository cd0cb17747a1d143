// Group commit for the inbox (issue #15). Every acknowledgement waits for its event's row to be committed,
// and on SQLite each commit is an fsync (synchronous = FULL) behind one connection; one INSERT per event
// made a burst of button presses queue up one commit after another. Here rows that arrive while a write
// is under way wait for it and then go together: one multi-row INSERT, one commit, and every acceptance
// of the batch resolves when that commit returned. At low load a row goes alone on the next turn of the
// event loop, so nobody waits for a timer. A dedupe key already stored (a redelivery) is skipped by the
// statement itself and reported as a duplicate, without failing the others of its batch.
import { randomUUID } from "node:crypto";
import type { Db } from "../storage/database.ts";
import { signalAckWrite } from "../storage/ack-signal.ts";
import { inboxInsertFor, ROWS_PER_COMMIT, type InboxInsert, type InboxRowInput } from "../storage/inbox-insert.ts";

export { ROWS_PER_COMMIT, type InboxRowInput } from "../storage/inbox-insert.ts";

interface Waiting {
  id: string;
  row: InboxRowInput;
  resolve(id: string | undefined): void;
  reject(error: unknown): void;
}

export class InboxWriter {
  private readonly insertRows: InboxInsert;
  private waiting: Waiting[] = [];
  private writing = false;
  private scheduled = false;
  /** how many commits carried how many rows, for benchmarks and logs */
  readonly stats = { commits: 0, rows: 0, largestBatch: 0 };

  /** `insert`: how batches are written (default: in this thread, src/storage/inbox-insert.ts). */
  constructor(db: Db, insert: InboxInsert = inboxInsertFor(db)) {
    this.insertRows = insert;
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

  /** One statement, hence one transaction and one commit; returns the ids actually inserted. With the work
   *  in a worker thread, that thread steps back from the inbox's file while this write waits (src/storage/ack-signal.ts). */
  /** Closes the connection the inserts opened (on SQLite); a later insert opens it again. */
  close(): void {
    this.insertRows.close();
  }

  private write(batch: Waiting[]): Promise<Set<string>> {
    return signalAckWrite(() => this.insertRows.rows(batch));
  }
}

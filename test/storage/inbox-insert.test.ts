// The acknowledgement's INSERT on the inbox file (src/storage/inbox-insert.ts) says which rows of a batch it
// stored: a redelivered event (its dedupe key already stored, or twice in the same batch) is skipped and must
// not be reported as accepted, while the new rows beside it are.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import { INBOX_DDL } from "../../src/storage/inbox-schema.ts";
import { rawSqliteInsert, type InboxInsert, type InboxRowInput } from "../../src/storage/inbox-insert.ts";

let dir: string;
let insert: InboxInsert;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "kyodo-inbox-insert-"));
  const url = `file:${join(dir, "kyodo.db.inbox.db")}`;
  // As Kyodo's start prepares the file (src/storage/inbox-file.ts).
  const setup = createClient({ url });
  for (const statement of INBOX_DDL) await setup.execute(statement);
  setup.close();
  insert = rawSqliteInsert(url);
});
afterEach(() => {
  insert.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (dedupeKey: string): { id: string; row: InboxRowInput } => ({
  id: randomUUID(),
  row: { dedupeKey, platform: "slack", event: "{}", replyContext: null, receivedAt: new Date() },
});

describe("the inbox file's group INSERT", () => {
  it("reports every row of a batch of new events as stored", async () => {
    const batch = [row("slack:T1:e1"), row("slack:T1:e2"), row("slack:T1:e3")];
    expect(await insert.rows(batch)).toEqual(new Set(batch.map((b) => b.id)));
  });

  it("reports only the new rows when the batch holds redeliveries, known before or twice within it", async () => {
    await insert.rows([row("slack:T1:known")]);
    const known = row("slack:T1:known");
    const first = row("slack:T1:twice");
    const second = row("slack:T1:twice");
    const fresh = row("slack:T1:fresh");
    const stored = await insert.rows([known, first, fresh, second]);
    expect(stored).toEqual(new Set([first.id, fresh.id]));
  });

  it("reports nothing stored when every row of the batch was delivered before", async () => {
    await insert.rows([row("slack:T1:a"), row("slack:T1:b")]);
    expect(await insert.rows([row("slack:T1:a"), row("slack:T1:b")])).toEqual(new Set());
  });
});

// The saved position of a person inside a multi-step flow, keyed by platform, workspace, conversation and
// user. Kept in the database so a restart resumes the conversation where it stopped.
import type { Db, Prisma } from "../storage/database.ts";
import { Prisma as PrismaSql } from "../storage/generated/client.ts";
import type { ConversationRef } from "./messages.ts";

/** Abandoned flows expire after this; a person coming back a week later starts fresh. */
export const STATE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface SavedState {
  flow: string;
  /** the flow's data version when it was saved (1 for states saved before versions existed) */
  version: number;
  step: string;
  /** undefined when the stored text is not JSON at all (a damaged row): the flow restarts */
  data: Record<string, unknown> | undefined;
}

export function conversationKey(ref: ConversationRef, externalUserId: string): string {
  return [ref.platform, ref.workspace, ref.conversationId, externalUserId].join(":");
}

// Every event reads its state and every flow step writes it: plain SQL (quoted names and Prisma.sql
// placeholders read the same on SQLite and PostgreSQL) rather than Prisma's query API, whose per-statement work
// is most of an event's CPU once the statements are few (issue #15, scripts/bench-raw-reads.ts).

export async function loadState(db: Db, key: string, now: Date): Promise<SavedState | undefined> {
  const [row] = await db.$queryRaw<Array<{ flow: string; version: number | bigint; step: string; data: string; expiresAt: Date }>>(
    PrismaSql.sql`SELECT "flow", "version", "step", "data", "expiresAt" FROM "ConversationState" WHERE "key" = ${key}`,
  );
  if (!row) return undefined;
  if (row.expiresAt < now) {
    await db.conversationState.deleteMany({ where: { key } });
    return undefined;
  }
  return { flow: row.flow, version: Number(row.version), step: row.step, data: parseData(row.data) };
}

function parseData(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function saveState(db: Db, key: string, ref: ConversationRef, state: SavedState, now: Date): Promise<void> {
  await stateWrite(db, key, ref, state, now);
}

export async function clearState(db: Db, key: string): Promise<void> {
  await db.conversationState.deleteMany({ where: { key } });
}

/** The statement that saves a flow's position (or, for no state, clears it), not yet run: the engine commits
 *  it together with the conversation's release (conversation-lock.ts). */
export function stateWrite(
  db: Db,
  key: string,
  ref: ConversationRef | undefined,
  state: SavedState | undefined,
  now: Date,
): Prisma.PrismaPromise<unknown> {
  if (!state || !ref) return db.$executeRaw(PrismaSql.sql`DELETE FROM "ConversationState" WHERE "key" = ${key}`);
  const data = JSON.stringify(state.data ?? {});
  const reference = JSON.stringify(ref);
  const expiresAt = new Date(now.getTime() + STATE_TTL_MS);
  // updatedAt is the wall clock, as Prisma's @updatedAt sets it.
  const updatedAt = new Date();
  return db.$executeRaw(PrismaSql.sql`
    INSERT INTO "ConversationState" ("key", "flow", "version", "step", "data", "reference", "expiresAt", "updatedAt")
    VALUES (${key}, ${state.flow}, ${state.version}, ${state.step}, ${data}, ${reference}, ${expiresAt}, ${updatedAt})
    ON CONFLICT ("key") DO UPDATE SET "flow" = ${state.flow}, "version" = ${state.version}, "step" = ${state.step},
      "data" = ${data}, "reference" = ${reference}, "expiresAt" = ${expiresAt}, "updatedAt" = ${updatedAt}`);
}

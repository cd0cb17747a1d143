// The saved position of a person inside a multi-step flow, keyed by platform, workspace, conversation and
// user. Kept in the database so a restart resumes the conversation where it stopped.
import type { Db, Prisma } from "../storage/database.ts";
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

export async function loadState(db: Db, key: string, now: Date): Promise<SavedState | undefined> {
  const row = await db.conversationState.findUnique({ where: { key } });
  if (!row) return undefined;
  if (row.expiresAt < now) {
    await db.conversationState.deleteMany({ where: { key } });
    return undefined;
  }
  return { flow: row.flow, version: row.version, step: row.step, data: parseData(row.data) };
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
  if (!state || !ref) return db.conversationState.deleteMany({ where: { key } });
  const fields = {
    flow: state.flow,
    version: state.version,
    step: state.step,
    data: JSON.stringify(state.data ?? {}),
    reference: JSON.stringify(ref),
    expiresAt: new Date(now.getTime() + STATE_TTL_MS),
  };
  return db.conversationState.upsert({ where: { key }, create: { key, ...fields }, update: fields });
}

// Platforms redeliver events (Slack retries, LINE redelivery, a double click). The first delivery claims
// its key; later ones are recognised and skipped. A claim is released when handling fails, so the
// platform's own retry can still succeed.
import type { Db } from "../storage/database.ts";

export async function claimEvent(db: Db, key: string): Promise<boolean> {
  try {
    await db.processedEvent.create({ data: { key } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

export async function releaseEvent(db: Db, key: string): Promise<void> {
  await db.processedEvent.deleteMany({ where: { key } });
}

/** Keys older than this are forgotten; no platform redelivers after a week. */
export async function pruneProcessedEvents(db: Db, olderThan: Date): Promise<number> {
  const { count } = await db.processedEvent.deleteMany({ where: { processedAt: { lt: olderThan } } });
  return count;
}

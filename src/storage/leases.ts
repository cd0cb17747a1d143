// Short database leases: one holder per key until the lease expires. They keep two Kyodo processes from
// working on the same conversation or job at once; a crashed holder's lease simply runs out.
import type { Db } from "./database.ts";

/** Tries to take the lease; true when this holder now has it. */
export async function tryAcquireLease(db: Db, key: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  // Take over only an expired lease or one we already hold; the WHERE makes it a single atomic step.
  const taken = await db.lease.updateMany({
    where: { key, OR: [{ expiresAt: { lt: now } }, { holder }] },
    data: { holder, expiresAt },
  });
  if (taken.count === 1) return true;
  try {
    await db.lease.create({ data: { key, holder, expiresAt } });
    return true;
  } catch {
    return false; // someone else holds it
  }
}

export async function releaseLease(db: Db, key: string, holder: string): Promise<void> {
  await db.lease.deleteMany({ where: { key, holder } });
}

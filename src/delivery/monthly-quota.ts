// LINE's monthly message quota, known to every Kyodo instance. LINE counts pushes and multicasts against
// the plan's messages for the month (replies are free) and, once they are used up, answers 429 "You have
// reached your monthly limit" until the month ends. The first instance refused writes that down in the
// database (RateLimitSlot "quota:<platform>:<workspace>"); every instance then fails its deliveries on that
// channel with the same reason without asking LINE again, as LINE asks of senders running several processes
// (a shared counter rather than each process learning the limit by itself). The mark holds for an hour, or
// until the month ends (Japan time, when LINE's count starts again) if that comes first: the council may
// raise its plan meanwhile, so once an hour one send asks LINE again. The secretariat sees the reason in
// the delivery report and sends the failed ones again (`deliveries <id> retry`).
import type { Db } from "../storage/database.ts";
import { DeliveryError } from "../engine/adapter.ts";
import { classifyDeliveryError } from "./classify-error.ts";

/** How long an instance trusts what it last read (another instance's mark reaches it within this). */
const READ_EVERY_MS = 5_000;
const JST_OFFSET_MS = 9 * 60 * 60_000;
/** How long a refusal is trusted before LINE is asked again (the plan may have been raised). */
export const ASK_AGAIN_AFTER_MS = 60 * 60_000;

/** The start of the next calendar month in Japan time, as an instant. */
export function nextMonthInJapan(now: Date): Date {
  const jst = new Date(now.getTime() + JST_OFFSET_MS);
  return new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() + 1, 1) - JST_OFFSET_MS);
}

export const MONTHLY_LIMIT_REASON = "monthly message limit";

/** A send not tried because the quota is known to be used up (not a new refusal from LINE). */
class QuotaKnownUsedUp extends DeliveryError {}

export class MonthlyQuota {
  private readonly db: Db;
  private readonly clock: () => Date;
  private readonly read = new Map<string, { at: number; until?: Date }>();

  constructor(db: Db, clock: () => Date = () => new Date()) {
    this.db = db;
    this.clock = clock;
  }

  private key(platform: string, workspace: string): string {
    return `quota:${platform}:${workspace}`;
  }

  /** Throws the monthly-limit refusal when the channel's quota is known to be used up. */
  async check(platform: string, workspace: string): Promise<void> {
    const key = this.key(platform, workspace);
    const now = this.clock();
    let known = this.read.get(key);
    if (!known || Date.now() - known.at > READ_EVERY_MS) {
      const row = await this.db.rateLimitSlot.findUnique({ where: { key } });
      known = { at: Date.now(), until: row?.lastAt };
      this.read.set(key, known);
    }
    if (known.until && known.until > now)
      throw new QuotaKnownUsedUp(
        `the channel's messages for this month are used up (${MONTHLY_LIMIT_REASON}): LINE refused an earlier send; asked again after ${known.until.toISOString()}`,
        { retryable: false },
      );
  }

  /** After a send: a monthly-limit refusal is written down for every instance; a success clears a mark. */
  async note(platform: string, workspace: string, error?: unknown): Promise<void> {
    const key = this.key(platform, workspace);
    if (error === undefined) {
      if (this.read.get(key)?.until) {
        await this.db.rateLimitSlot.deleteMany({ where: { key } });
        this.read.set(key, { at: Date.now() });
      }
      return;
    }
    if (error instanceof QuotaKnownUsedUp || !classifyDeliveryError(error).reason.includes(`(${MONTHLY_LIMIT_REASON})`)) return;
    const now = this.clock();
    const until = new Date(Math.min(nextMonthInJapan(now).getTime(), now.getTime() + ASK_AGAIN_AFTER_MS));
    await this.db.rateLimitSlot.upsert({ where: { key }, create: { key, lastAt: until }, update: { lastAt: until } });
    this.read.set(key, { at: Date.now(), until });
  }
}

// Spaces sends so platform limits are never exceeded: a minimum gap between two messages into the same
// conversation (Slack: about one per second per channel) and between any two requests to a platform.
export interface PlatformLimits {
  perConversationMs: number;
  perRequestMs: number;
}

export const DEFAULT_LIMITS: Record<string, PlatformLimits> = {
  slack: { perConversationMs: 1100, perRequestMs: 50 },
  line: { perConversationMs: 0, perRequestMs: 20 },
  mattermost: { perConversationMs: 200, perRequestMs: 20 },
  // LINE WORKS sends one content per request; no rate figure was found in the documentation searched, so
  // sends are spaced like Mattermost's, and a 429 is waited out by the shared retry policy.
  lineworks: { perConversationMs: 200, perRequestMs: 50 },
  webhook: { perConversationMs: 0, perRequestMs: 10 },
};

/** A second and a little more: what leaves Kyodo in one second must not arrive within one second, and the
 *  way from starting a request to it reaching the platform takes a few (varying) milliseconds. */
const WINDOW_MARGIN_MS = 20;

const NO_LIMIT: PlatformLimits = { perConversationMs: 0, perRequestMs: 0 };

export class RateLimiter {
  private readonly lastByConversation = new Map<string, number>();
  /** per platform, the starts of the last second's requests (at most 1000 / perRequestMs of them) */
  private readonly recentByPlatform = new Map<string, number[]>();
  /** per platform, the acquirer before this one: starts are handed out one at a time, in order */
  private readonly gates = new Map<string, Promise<void>>();
  private readonly limits: Record<string, PlatformLimits>;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    limits: Record<string, PlatformLimits> = DEFAULT_LIMITS,
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {
    this.limits = limits;
    this.sleep = sleep;
  }

  /**
   * Waits until a send to this conversation is allowed, then records it. Several sends may wait at once
   * (the outbox has many conversations in flight): each conversation first waits out its own gap, then
   * the platform's starts are handed out one at a time. The platform's pace is kept per second, as
   * platforms count it: no more than 1000 / perRequestMs starts in any second, and never two closer than
   * half a gap. Measured on the clock after waking, so a late timer (a busy event loop) never lets more
   * through, and the next starts make up for it instead of the pace falling behind.
   */
  async acquire(platform: string, conversation: string): Promise<void> {
    const limits = this.limits[platform] ?? NO_LIMIT;
    const key = `${platform}:${conversation}`;
    await this.waitUntil(() => (this.lastByConversation.get(key) ?? 0) + limits.perConversationMs);
    const previous = this.gates.get(platform) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.gates.set(platform, mine);
    try {
      await previous;
      const perSecond = limits.perRequestMs > 0 ? Math.max(1, Math.floor(1000 / limits.perRequestMs)) : Infinity;
      const recent = this.recentByPlatform.get(platform) ?? [];
      await this.waitUntil(() => {
        const platformReady =
          recent.length === 0
            ? 0
            : Math.max(
                recent.at(-1)! + limits.perRequestMs / 2,
                recent.length >= perSecond ? recent[recent.length - perSecond]! + 1000 + WINDOW_MARGIN_MS : 0,
              );
        return Math.max((this.lastByConversation.get(key) ?? 0) + limits.perConversationMs, platformReady);
      });
      const started = Date.now();
      this.lastByConversation.set(key, started);
      if (perSecond !== Infinity) {
        recent.push(started);
        if (recent.length > perSecond) recent.splice(0, recent.length - perSecond);
        this.recentByPlatform.set(platform, recent);
      }
    } finally {
      release();
      if (this.gates.get(platform) === mine) this.gates.delete(platform);
    }
  }

  private async waitUntil(ready: () => number): Promise<void> {
    for (let wait = ready() - Date.now(); wait > 0; wait = ready() - Date.now()) await this.sleep(wait);
  }

  /** Marks the end of a send: the gap to the next message into the same conversation is counted from here,
   *  so a slow send is not followed by a burst into that conversation. The platform's pace counts the starts
   *  of requests (what platforms limit), so sends to other conversations run side by side at that pace. */
  finished(platform: string, conversation: string): void {
    const key = `${platform}:${conversation}`;
    this.lastByConversation.set(key, Math.max(Date.now(), this.lastByConversation.get(key) ?? 0));
  }
}

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
  webhook: { perConversationMs: 0, perRequestMs: 10 },
};

const NO_LIMIT: PlatformLimits = { perConversationMs: 0, perRequestMs: 0 };

export class RateLimiter {
  private readonly lastByConversation = new Map<string, number>();
  private readonly lastByPlatform = new Map<string, number>();
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
   * the platform's starts are handed out one at a time, each at least `perRequestMs` after the previous
   * one actually started — measured after waking, so a late timer (a busy event loop) never lets a burst
   * through.
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
      await this.waitUntil(() =>
        Math.max(
          (this.lastByConversation.get(key) ?? 0) + limits.perConversationMs,
          (this.lastByPlatform.get(platform) ?? 0) + limits.perRequestMs,
        ),
      );
      const started = Date.now();
      this.lastByConversation.set(key, started);
      this.lastByPlatform.set(platform, started);
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

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

const NO_LIMIT: PlatformLimits = { perConversationMs: 0, perRequestMs: 0 };

export class RateLimiter {
  private readonly lastByConversation = new Map<string, number>();
  private readonly lastByPlatform = new Map<string, number>();
  private readonly limits: Record<string, PlatformLimits>;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    limits: Record<string, PlatformLimits> = DEFAULT_LIMITS,
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {
    this.limits = limits;
    this.sleep = sleep;
  }

  /** Waits until a send to this conversation is allowed, then records it. */
  async acquire(platform: string, conversation: string): Promise<void> {
    const limits = this.limits[platform] ?? NO_LIMIT;
    const key = `${platform}:${conversation}`;
    const now = Date.now();
    const ready = Math.max(
      (this.lastByConversation.get(key) ?? 0) + limits.perConversationMs,
      (this.lastByPlatform.get(platform) ?? 0) + limits.perRequestMs,
    );
    // Reserve the slot before sleeping so concurrent callers queue behind it.
    const slot = Math.max(now, ready);
    this.lastByConversation.set(key, slot);
    this.lastByPlatform.set(platform, slot);
    if (slot > now) await this.sleep(slot - now);
  }

  /** Marks the end of a send: the gaps are counted from here, so a send that took long (a slow platform,
   *  a multicast of several requests) is not followed by a burst. */
  finished(platform: string, conversation: string): void {
    const now = Date.now();
    this.lastByConversation.set(
      `${platform}:${conversation}`,
      Math.max(now, this.lastByConversation.get(`${platform}:${conversation}`) ?? 0),
    );
    this.lastByPlatform.set(platform, Math.max(now, this.lastByPlatform.get(platform) ?? 0));
  }
}

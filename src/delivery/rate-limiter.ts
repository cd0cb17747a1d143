// Spaces sends so platform limits hold where the platform counts them: on arrival. Two limits — a number
// of requests per second to the platform, and a gap between two messages into one conversation. Slack
// documents chat.postMessage as "one message per second per channel" plus a workspace-wide limit without a
// figure; Kyodo keeps to 20 requests a second. LINE documents 200 multicast requests a second and 2,000 for
// push per channel, and asks senders to stay below them with a margin; Kyodo keeps to 50.
// src/delivery/arrival-window.ts defines a violation (a sliding one-second window of arrivals); bench-fanout
// and the tests count with it.
//
// Why not just space the starts: Kyodo cannot see when a request reaches the platform, only when it was
// let go and when its answer came back. A request let go on time can leave late (an event-loop stall, a
// new connection, the SDK's own steps) while the next leaves on time, so requests spaced at their start
// arrive bunched — bench-fanout counted 22 Slack requests within one second where 20 were allowed. So the
// limiter keeps a sliding one-second window of what was *sent*: a send counts from when it is let go
// until a second after the latest moment it can have arrived, and while it is in flight that moment is
// unknown, so it counts. The latest arrival is bounded by its answer: the answer came back at `end`, and
// the fastest round trip seen on this platform (`fastest`) is the least time from arrival to answer plus
// the least from start to arrival, so `end - fastest` is at or after the arrival (up to that least start
// delay, which every request shares). Usually the answer is fast and steady, so `end - fastest` is
// within a few milliseconds of the start and nothing is lost; a request held up is counted as late as it
// may have arrived (the bound assumes the platform takes about as long to answer each request; one that
// answers a request much faster than the fastest seen shortens the window by the difference, which
// ARRIVAL_MARGIN_MS covers up to a point). A margin alone would cost its share of the rate on every request and still be
// beaten by a long enough stall.
//
// Per conversation the gap is counted from the end of the previous send into it (which may only start
// once that one is over): the previous message has arrived by then, whatever held it up.
import { WINDOW_MS } from "./arrival-window.ts";

export interface PlatformLimits {
  perConversationMs: number;
  /** the window's length / the requests allowed in it (1000 / requests a second) */
  perRequestMs: number;
  /** the window the platform counts requests in (a second unless given: a mail relay counts per minute) */
  windowMs?: number;
}

export const DEFAULT_LIMITS: Record<string, PlatformLimits> = {
  slack: { perConversationMs: 1100, perRequestMs: 50 },
  line: { perConversationMs: 0, perRequestMs: 20 },
  mattermost: { perConversationMs: 200, perRequestMs: 20 },
  // LINE WORKS sends one content per request; no rate figure was found in the documentation searched, so
  // sends are spaced like Mattermost's, and a 429 is waited out by the shared retry policy.
  lineworks: { perConversationMs: 200, perRequestMs: 50 },
  webhook: { perConversationMs: 0, perRequestMs: 10 },
  // email: only when SMTP_MAX_PER_MINUTE says what the council's relay allows (platformLimits)
};

/** A council's mail relay may refuse (or delay) a client sending faster than it allows, counted per minute. */
export function emailLimits(perMinute: number): PlatformLimits {
  return { perConversationMs: 0, perRequestMs: 60_000 / perMinute, windowMs: 60_000 };
}

/** The limits with the settings a council can change (SMTP_MAX_PER_MINUTE). */
export function platformLimits(settings: { emailPerMinute?: number }): Record<string, PlatformLimits> {
  return settings.emailPerMinute === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, email: emailLimits(settings.emailPerMinute) };
}

/**
 * What the estimate of an arrival may be early by. The fastest round trip seen is taken as the least time
 * from arrival to answer, but it too carries some delay after the answer (an event-loop turn on a busy
 * machine), and a later request can come back quicker than that: bench-fanout on a loaded two-core machine
 * (load 10) found arrivals up to 17 ms earlier than estimated. Costs 2.5% of a one-second window.
 */
export const ARRIVAL_MARGIN_MS = 25;
/** A send never finished (its caller lost it) stops counting after this; the outbox gives up well before. */
const LOST_SEND_MS = 120_000;

const NO_LIMIT: PlatformLimits = { perConversationMs: 0, perRequestMs: 0 };

/**
 * The least time between two starts, as a share of the even spacing (1000 / requests a second): no two are
 * let go at once even with room in the window. It was half the spacing; but once the window is full, each
 * start waits for an earlier send to leave it, and those leave about one even spacing apart, with jitter.
 * A start that must also be half a spacing after the previous one then passes on every delay to the
 * starts behind it (a queue served about as fast as it fills): bench-fanout's Slack sends lost 4–7% of
 * the rate that way. A fifth leaves room to catch up.
 */
export const START_SPACING_SHARE = 0.2;

export interface RateLimiterOptions {
  /** START_SPACING_SHARE unless given (bench-fanout compares) */
  startSpacingShare?: number;
}

interface Send {
  startedAt: number;
  /** when its answer came back (or it failed); undefined while in flight */
  endedAt?: number;
  /** one of the platform's first window of sends: counted until its answer (see arrivedBy) */
  cold?: boolean;
}

interface PlatformState {
  /** sends in flight, or that may have arrived less than a window ago */
  window: Send[];
  /** the fastest round trip seen, from being let go to the answer */
  fastestMs?: number;
  /** sends let go so far (the first window's are cold) */
  started: number;
  lastStart: number;
  /** resolves when a send finishes (a waiter blocked by sends in flight looks again) */
  changed: Promise<void>;
  announce: () => void;
  /** the acquirer before this one: sends are let go one at a time, in order */
  gate: Promise<void>;
}

export class RateLimiter {
  private readonly platforms = new Map<string, PlatformState>();
  /** per conversation: its sends in flight, oldest first */
  private readonly inFlight = new Map<string, Send[]>();
  /** per conversation: when its last send ended */
  private readonly endedAt = new Map<string, number>();
  private readonly limits: Record<string, PlatformLimits>;
  private readonly startSpacingShare: number;

  constructor(limits: Record<string, PlatformLimits> = DEFAULT_LIMITS, options: RateLimiterOptions = {}) {
    this.limits = limits;
    this.startSpacingShare = options.startSpacingShare ?? START_SPACING_SHARE;
  }

  /**
   * Waits until a send to this conversation is allowed, then counts it as in flight until `finished`.
   * Several sends may wait at once (the outbox has many conversations in flight): each first waits for its
   * conversation (the previous send over, and its gap passed), then the platform lets them go one at a
   * time, in order. Each check is made on the clock after waking, so a late timer never lets more through.
   */
  async acquire(platform: string, conversation: string): Promise<void> {
    const limits = this.limits[platform] ?? NO_LIMIT;
    const state = this.platform(platform);
    const key = `${platform}:${conversation}`;
    const windowMs = limits.windowMs ?? WINDOW_MS;
    const perWindow = limits.perRequestMs > 0 ? Math.max(1, Math.floor(windowMs / limits.perRequestMs)) : Infinity;
    for (;;) {
      // The conversation first, outside the platform's queue: a busy conversation holds up only itself.
      await this.waitFor(state, () => this.conversationReady(key, limits));
      const previous = state.gate;
      let release!: () => void;
      state.gate = new Promise<void>((resolve) => (release = resolve));
      try {
        await previous;
        await this.waitFor(state, () => this.platformReady(state, limits, perWindow, windowMs, Date.now()));
        // Another acquirer may have taken the conversation meanwhile: then wait for it again.
        if (this.conversationReady(key, limits) > Date.now()) continue;
        const send: Send = { startedAt: Date.now(), cold: state.started < perWindow };
        state.started += 1;
        state.lastStart = send.startedAt;
        if (perWindow !== Infinity) state.window.push(send);
        this.inFlight.set(key, [...(this.inFlight.get(key) ?? []), send]);
        return;
      } finally {
        release();
      }
    }
  }

  /** Sleeps until `ready()` (a time) has passed; when it is Infinity (sends in flight), until one finishes. */
  private async waitFor(state: PlatformState, ready: () => number): Promise<void> {
    for (let wait = ready() - Date.now(); wait > 0; wait = ready() - Date.now()) {
      // Woken by the time coming or by a send ending (which may free the window early). When only a send in
      // flight can free it (wait is Infinity), the timer just makes sure a lost send is looked at again, and
      // must not keep a finished CLI process alive.
      let timer: NodeJS.Timeout | undefined;
      const timeUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Number.isFinite(wait) ? Math.min(wait, 2 ** 31 - 1) : WINDOW_MS);
        if (!Number.isFinite(wait)) timer.unref();
      });
      await Promise.race([timeUp, state.changed]);
      clearTimeout(timer);
    }
  }

  /** When the conversation's previous send is over and its gap has passed (Infinity while one is in flight). */
  private conversationReady(key: string, limits: PlatformLimits): number {
    if (limits.perConversationMs <= 0) return 0;
    const now = Date.now();
    if ((this.inFlight.get(key) ?? []).some((s) => now - s.startedAt < LOST_SEND_MS)) return Infinity;
    return (this.endedAt.get(key) ?? 0) + limits.perConversationMs;
  }

  /** When one more send fits the platform's window (Infinity when sends in flight fill it). */
  private platformReady(state: PlatformState, limits: PlatformLimits, perWindow: number, windowMs: number, now: number): number {
    if (limits.perRequestMs <= 0) return 0;
    // No two let go at once, even with room in the window (see START_SPACING_SHARE).
    const spaced = state.lastStart + Math.min(limits.perRequestMs, WINDOW_MS) * this.startSpacingShare;
    if (perWindow === Infinity) return spaced;
    // Reckoned afresh each time with the fastest round trip seen so far: a faster one seen later moves
    // every estimate later (the first sends' own times are all there is to go by at the start).
    const leaves = (s: Send) => (s.endedAt === undefined ? Infinity : this.arrivedBy(state, s) + windowMs + ARRIVAL_MARGIN_MS);
    // Forgotten only once no estimate can keep them in (a second after their answer), not by today's estimate.
    state.window = state.window.filter((s) =>
      s.endedAt === undefined ? now - s.startedAt < LOST_SEND_MS : s.endedAt + windowMs + ARRIVAL_MARGIN_MS > now,
    );
    const leaving = state.window
      .map(leaves)
      .filter((at) => at > now)
      .sort((a, b) => a - b);
    if (leaving.length < perWindow) return spaced;
    // The window is full: one more fits when enough of the sends in it have left it.
    return Math.max(spaced, leaving[leaving.length - perWindow]!);
  }

  /** Marks the end of a send (answered, failed or given up on): from here its arrival is bounded, and the
   *  conversation's gap starts. */
  finished(platform: string, conversation: string): void {
    const now = Date.now();
    const state = this.platform(platform);
    const key = `${platform}:${conversation}`;
    const sends = this.inFlight.get(key) ?? [];
    const send = sends.shift();
    if (sends.length === 0) this.inFlight.delete(key);
    this.endedAt.set(key, now);
    // Bounded maps: a conversation's end matters only for its gap (a few seconds).
    if (this.endedAt.size > 10_000) for (const [k, at] of this.endedAt) if (now - at > 60_000) this.endedAt.delete(k);
    if (send) {
      send.endedAt = now;
      state.fastestMs = Math.min(state.fastestMs ?? Infinity, now - send.startedAt);
    }
    state.announce();
  }

  /** Resolves when what the limiter writes after sends is done (nothing here; see SharedRateLimiter). */
  async settled(): Promise<void> {}

  /**
   * The latest moment a finished send can have reached the platform. Not for the platform's first window
   * of sends: at start-up every request leaves late (new connections — a TLS handshake to a real platform —,
   * code compiling, the first claim's work), so the fastest round trip seen then is long, and "answer less
   * fastest round trip" came up to 33 ms before the arrival in bench-fanout (load 6), past the margin. They
   * count until their answers: the next window starts a round trip later, once.
   */
  private arrivedBy(state: PlatformState, send: Send): number {
    if (send.cold) return send.endedAt!;
    return Math.max(send.startedAt, send.endedAt! - (state.fastestMs ?? 0));
  }

  private platform(platform: string): PlatformState {
    let state = this.platforms.get(platform);
    if (!state) {
      const fresh: PlatformState = {
        window: [],
        started: 0,
        lastStart: 0,
        gate: Promise.resolve(),
        changed: Promise.resolve(),
        announce: () => {},
      };
      this.renewSignal(fresh);
      this.platforms.set(platform, fresh);
      state = fresh;
    }
    return state;
  }

  /** A new `changed` promise, resolved by the next `announce`. */
  private renewSignal(state: PlatformState): void {
    state.changed = new Promise<void>((resolve) => {
      state.announce = () => {
        this.renewSignal(state);
        resolve();
      };
    });
  }
}

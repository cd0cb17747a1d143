// A small in-memory map whose entries expire and whose size is capped, so a flood of clicks or forms can
// never grow the process without bound. For what may be forgotten safely: recently seen deliveries (the
// engine's database dedupe is the durable layer), posts Kyodo wrote, forms waiting to be submitted.

export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(maxEntries: number, ttlMs: number, now: () => number = Date.now) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs = this.ttlMs): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    // Maps iterate in insertion order, so the first keys are the oldest.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Records the key; true the first time, false while it is remembered (a repeat). */
  claim(key: string, value: V, ttlMs = this.ttlMs): boolean {
    if (this.get(key) !== undefined) return false;
    this.set(key, value, ttlMs);
    return true;
  }

  /** The entries not yet expired, oldest first. */
  *items(): Generator<[string, V]> {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt > now) yield [key, entry.value];
  }

  get size(): number {
    return this.entries.size;
  }
}

// Remembers which stored rows have been reported, so a row that cannot be read is logged once per process and
// not on every message that meets it (someone asking for the same results again and again). Bounded: a
// database full of bad rows still logs, and memory stays flat.
const REMEMBERED = 10_000;

export class OncePerRow {
  private readonly seen = new Set<string>();

  /** True the first time `where` (e.g. "Motion ck….tally") is met. */
  first(where: string): boolean {
    if (this.seen.has(where)) return false;
    if (this.seen.size >= REMEMBERED) this.seen.clear();
    this.seen.add(where);
    return true;
  }
}

// Prints whom a notice reached (or will reach) on the command line, each line in Japanese and English.
import { reachLines, type AudienceReach } from "../domain/delivery/audience-reach.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { bilingual } from "../engine/i18n.ts";

export function printReach(out: (line: string) => void, reach: AudienceReach & { announceAt?: Date }, zone: string): void {
  const when = (at: Date) => formatInstant(at, zone, "ja");
  if (reach.announceAt)
    out(bilingual("notices.opening.planned", { when: when(reach.announceAt), bodies: reach.bodies, people: reach.people }));
  const en = reachLines(reach, "en", when);
  for (const [i, line] of reachLines(reach, "ja", when).entries()) out(`${line} / ${en[i]}`);
}

// How the ballot commands print results: one row per motion, and what could not be read — logged with its row,
// said on stderr in Japanese and English, and an exit code of 2 — so that a damaged recorded tally neither stops
// the command nor passes unnoticed.
import type { UnreadableTally } from "../domain/motions/ballot-results.ts";
import { outcomeLabel } from "../domain/motions/ballot-text.ts";
import type { TallyResult } from "../domain/motions/tally.ts";
import { translator } from "../engine/i18n.ts";
import type { CliContext } from "./cli-context.ts";
import { headers } from "./cli-format.ts";

const t = translator("ja");

export const RESULT_HEADERS = headers("motion", "for", "deemed", "against", "abstain", "voted", "outcome");

export function resultRow(label: string, r: TallyResult): string[] {
  return [
    label,
    String(r.for),
    String(r.deemed),
    String(r.against),
    String(r.abstain),
    `${r.voted}/${r.eligible}`,
    outcomeLabel(r.outcome, t) + (r.decidedByChair ? t("motions.result.byChair") : ""),
  ];
}

/** Logs each recorded tally that cannot be read, with its row, and hands them back for the message. */
export function reportUnreadable(ctx: CliContext, unreadable: UnreadableTally[]): UnreadableTally[] {
  for (const u of unreadable)
    ctx.logger.warn({ where: u.where, problem: u.problem }, "a recorded tally cannot be read; printed what can be read");
  return unreadable;
}

/** What could not be read goes to stderr (Japanese first, English too), and the exit code is 2: the command
 *  printed or wrote what it could, and a script must not take that for a complete record. */
export function warnAndFlag(warnings: string[]): void {
  if (warnings.length === 0) return;
  for (const w of warnings) process.stderr.write(`${w}\n`);
  process.exitCode = 2;
}

// The one check a ballot goes through before it is created, wherever it was written: a YAML file for
// `ballot create [--dry-run]`, a Slack modal, a Mattermost dialog, or answers typed step by step. Every
// problem is reported at once, each with the field it belongs to and an i18n key, so the CLI can name
// the file's line, a form can show it under the field, and both say the same words.
import type { DbOrTx } from "../../storage/database.ts";
import { UserError } from "../../lib/user-error.ts";
import { findBody } from "../bodies/find-body.ts";
import { findOrgan } from "../organs/find-organ.ts";
import { parseDateTime } from "./ballot-definition.ts";
import { ballotRulesSchema, type BallotRules } from "./ballot-rules.ts";
import type { BallotInput } from "./create-ballot.ts";
import type { Attachment } from "./find-ballot.ts";
import { DEFAULT_OPTIONS, motionOptionsSchema, type MotionOption } from "./motion-options.ts";

export interface MotionDraft {
  number?: number;
  title: string;
  text?: string;
  attachments?: Attachment[];
  options?: MotionOption[];
  /** bodies (name or code) whose seats do not vote on this motion */
  recused?: string[];
}

/** A ballot as a person wrote it: dates and the organ still as text. */
export interface BallotDraft {
  title: string;
  /** organ slug or name */
  organ: string;
  opens?: string;
  deadline: string;
  rules?: Partial<BallotRules>;
  reminders?: number[];
  motions: MotionDraft[];
}

export interface DraftProblem {
  /** where in the draft: ["deadline"], ["motions", 1, "title"] — its first element is the form field */
  path: Array<string | number>;
  key: string;
  vars: Record<string, unknown>;
}

/** A valid draft, ready for createBallot once the creator is known. */
export interface CheckedBallot {
  input: Omit<BallotInput, "createdBy">;
  organName: string;
  seats: number;
  rules: BallotRules;
}

export type DraftCheck = { ok: true; ballot: CheckedBallot } | { ok: false; problems: DraftProblem[] };

export const MAX_MOTIONS = 30;

const problem = (path: Array<string | number>, key: string, vars: Record<string, unknown> = {}): DraftProblem => ({ path, key, vars });

export function checkTitle(title: string): DraftProblem[] {
  const trimmed = title.trim();
  return trimmed.length === 0 || trimmed.length > 200 ? [problem(["title"], "motions.badTitle")] : [];
}

/** Reads the opening and the deadline; a deadline must be in the future and after the opening. */
export function checkDates(
  opens: string | undefined,
  deadline: string,
  now: Date,
  zone: string,
): { opensAt?: Date; deadline?: Date; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  let opensAt: Date | undefined;
  if (opens !== undefined && opens.trim() !== "") {
    opensAt = parseDateTime(opens, zone);
    if (!opensAt) problems.push(problem(["opens"], "cli.badDate", { value: opens }));
  }
  const at = deadline.trim() === "" ? undefined : parseDateTime(deadline, zone);
  if (!at) problems.push(problem(["deadline"], "cli.badDate", { value: deadline }));
  else if (at <= now) problems.push(problem(["deadline"], "reminders.deadlineInPast"));
  else if (at <= (opensAt ?? now)) problems.push(problem(["deadline"], "motions.deadlineBeforeOpening"));
  return { opensAt, deadline: at, problems };
}

/** Titles, numbers and answer options of the motions (recusals need the organ, see checkBallotDraft). */
export function checkMotions(motions: MotionDraft[]): DraftProblem[] {
  if (motions.length === 0 || motions.length > MAX_MOTIONS) return [problem(["motions"], "motions.badMotionCount")];
  const problems: DraftProblem[] = [];
  const seen = new Set<number>();
  motions.forEach((m, index) => {
    const number = m.number ?? index + 1;
    const title = m.title.trim();
    if (title.length === 0 || title.length > 300) problems.push(problem(["motions", index, "title"], "motions.badMotionTitle", { number }));
    if (m.options && !motionOptionsSchema.safeParse(m.options).success)
      problems.push(problem(["motions", index, "options"], "motions.badOptions", { number }));
    if (seen.has(number)) problems.push(problem(["motions", index, "number"], "motions.duplicateMotionNumber"));
    seen.add(number);
  });
  return problems;
}

/** The organ a ballot is put to: it must exist, not be dissolved, and have seats. */
export async function checkOrgan(
  db: DbOrTx,
  councilId: string,
  query: string,
): Promise<{ organ?: { id: string; name: string }; seats: number; problems: DraftProblem[] }> {
  try {
    const organ = await findOrgan(db, councilId, query);
    if (organ.dissolvedAt) return { seats: 0, problems: [problem(["organ"], "organs.dissolved", { name: organ.name })] };
    const seats = await db.seat.count({ where: { organId: organ.id } });
    if (seats === 0) return { seats, problems: [problem(["organ"], "motions.noSeats", { organ: organ.name })] };
    return { organ, seats, problems: [] };
  } catch (error) {
    if (error instanceof UserError) return { seats: 0, problems: [problem(["organ"], error.key, error.vars)] };
    throw error;
  }
}

export async function checkBallotDraft(db: DbOrTx, councilId: string, draft: BallotDraft, now: Date, zone: string): Promise<DraftCheck> {
  const problems: DraftProblem[] = [...checkTitle(draft.title)];
  const organ = await checkOrgan(db, councilId, draft.organ);
  problems.push(...organ.problems);
  const dates = checkDates(draft.opens, draft.deadline, now, zone);
  problems.push(...dates.problems);
  problems.push(...checkMotions(draft.motions));
  const rules = ballotRulesSchema.safeParse(draft.rules ?? {});
  if (!rules.success) problems.push(problem(["rules"], "forms.ballot.badRules"));

  // Recused bodies must be bodies, and hold a seat on the organ.
  const seatBodies = organ.organ
    ? new Set((await db.seat.findMany({ where: { organId: organ.organ.id }, select: { bodyId: true } })).map((s) => s.bodyId))
    : undefined;
  const recused: string[][] = [];
  for (const [index, m] of draft.motions.entries()) {
    const ids: string[] = [];
    for (const [k, query] of (m.recused ?? []).entries()) {
      try {
        const body = await findBody(db, councilId, query);
        if (seatBodies && !seatBodies.has(body.id))
          problems.push(problem(["motions", index, "recused", k], "motions.recusedNotOnRoll", { number: m.number ?? index + 1 }));
        ids.push(body.id);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        problems.push(problem(["motions", index, "recused", k], error.key, error.vars));
      }
    }
    recused.push(ids);
  }
  if (problems.length > 0 || !organ.organ || !dates.deadline || !rules.success) return { ok: false, problems };

  const input: CheckedBallot["input"] = {
    councilId,
    organId: organ.organ.id,
    title: draft.title.trim(),
    ...(dates.opensAt ? { opensAt: dates.opensAt } : {}),
    deadline: dates.deadline,
    rules: draft.rules ?? undefined,
    reminderOffsets: draft.reminders,
    motions: draft.motions.map((m, index) => ({
      number: m.number,
      title: m.title.trim(),
      text: m.text,
      attachments: m.attachments,
      options: m.options ?? DEFAULT_OPTIONS,
      recusedBodyIds: recused[index]!,
    })),
  };
  return { ok: true, ballot: { input, organName: organ.organ.name, seats: organ.seats, rules: rules.data } };
}

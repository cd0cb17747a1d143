// The secretariat opens a survey from a definition (a YAML/JSON file, or the questions typed in chat):
// the audience is resolved to member bodies once, the survey gets the next number, and its deadline is
// registered with the scheduler (reminders, automatic close) and its opening announced to the bodies.
import { enqueueJob } from "../../jobs/job-store.ts";
import type { Db, DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { findBody } from "../bodies/find-body.ts";
import { DomainError } from "../errors.ts";
import { findOrgan } from "../organs/find-organ.ts";
import { registerDeadline } from "../reminders/register-deadline.ts";
import type { DefinitionProblem } from "./normalize-definition.ts";
import { problemIssue, SurveyDefinitionError, type DefinitionSource } from "./read-definition.ts";
import type { Audience, SurveyDefinition } from "./survey-types.ts";

export const SURVEY_SUBJECT = "survey";
export const SURVEY_OPEN_JOB = "survey.open";

export function surveyTitle(survey: { number: number; title: string }, locale: "ja" | "en" = "ja"): string {
  return locale === "en" ? `Survey ${survey.number} ${survey.title}` : `調査${survey.number} ${survey.title}`;
}

/** The member bodies an audience means today. Problems carry the definition path, for the file's line. */
export async function resolveAudience(
  db: DbOrTx,
  councilId: string,
  audience: Audience,
): Promise<{ bodyIds: string[]; problems: DefinitionProblem[] }> {
  const problems: DefinitionProblem[] = [];
  if (audience.kind === "all") {
    const bodies = await db.body.findMany({ where: { councilId, active: true }, select: { id: true } });
    return { bodyIds: bodies.map((b) => b.id), problems };
  }
  if (audience.kind === "organ") {
    try {
      const organ = await findOrgan(db, councilId, audience.organ);
      if (organ.dissolvedAt) problems.push({ path: ["audience", "organ"], key: "organs.dissolved", vars: { name: organ.name } });
      const seats = await db.seat.findMany({ where: { organId: organ.id }, select: { bodyId: true } });
      return { bodyIds: seats.map((s) => s.bodyId), problems };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ path: ["audience", "organ"], key: error.key, vars: error.vars });
      return { bodyIds: [], problems };
    }
  }
  const bodyIds: string[] = [];
  for (const [index, query] of audience.bodies.entries()) {
    try {
      bodyIds.push((await findBody(db, councilId, query)).id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ path: ["audience", "bodies", index], key: error.key, vars: error.vars });
    }
  }
  return { bodyIds: [...new Set(bodyIds)], problems };
}

export interface CreateSurveyInput {
  councilId: string;
  definition: SurveyDefinition;
  /** person:<id> or cli:<user>, for the record and the audit log */
  createdBy: string;
  /** the file it came from, so audience problems are reported with a line */
  source?: DefinitionSource;
}

export async function createSurvey(db: Db, input: CreateSurveyInput, now: Date, zone: string) {
  const { definition } = input;
  const { bodyIds, problems } = await resolveAudience(db, input.councilId, definition.audience);
  if (bodyIds.length === 0 && problems.length === 0) problems.push({ path: ["audience"], key: "surveys.definition.noBodies" });
  if (problems.length > 0) {
    if (input.source)
      throw new SurveyDefinitionError(
        input.source.file,
        problems.map((p) => problemIssue(p, input.source)),
      );
    throw new DomainError(problems[0]!.key, problems[0]!.vars);
  }
  if (definition.dueAt <= now) throw new DomainError("reminders.deadlineInPast", {});
  const opensAt = definition.opensAt && definition.opensAt > now ? definition.opensAt : now;

  const survey = await db.$transaction(async (tx) => {
    const last = await tx.survey.findFirst({
      where: { councilId: input.councilId },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    const created = await tx.survey.create({
      data: {
        councilId: input.councilId,
        number: (last?.number ?? 0) + 1,
        title: definition.title,
        titleEn: definition.titleEn ?? null,
        description: definition.description,
        descriptionEn: definition.descriptionEn ?? null,
        series: definition.series ?? null,
        fiscalYear: definition.fiscalYear ?? null,
        questions: JSON.stringify(definition.questions),
        audience: JSON.stringify(definition.audience),
        opensAt,
        dueAt: definition.dueAt,
        createdBy: input.createdBy,
        targets: { create: bodyIds.map((bodyId) => ({ bodyId })) },
      },
    });
    await appendAuditEntry(tx, {
      actor: input.createdBy,
      action: "surveys.create",
      subject: `survey:${created.id}`,
      payload: {
        number: created.number,
        title: created.title,
        series: created.series,
        fiscalYear: created.fiscalYear,
        opensAt: opensAt.toISOString(),
        dueAt: created.dueAt.toISOString(),
        bodies: bodyIds.length,
        questions: definition.questions.length,
      },
      at: now,
    });
    // The announcement is a job, so a survey opening next week is announced next week (and a restart
    // in between loses nothing).
    await enqueueJob(tx, { kind: SURVEY_OPEN_JOB, key: `survey:${created.id}:open`, payload: { surveyId: created.id }, dueAt: opensAt });
    return created;
  });
  const { reminders } = await registerDeadline(
    db,
    {
      councilId: input.councilId,
      subjectType: SURVEY_SUBJECT,
      subjectId: survey.id,
      title: surveyTitle(survey),
      dueAt: survey.dueAt,
      reminderOffsets: definition.reminderOffsets,
      reminderTime: definition.reminderTime,
    },
    now,
    zone,
  );
  return { survey, bodies: bodyIds.length, reminders };
}

// Survey answers that came back on paper (or by fax), typed into a spreadsheet by the secretariat: one row
// per body, one column per question (its id, or 問1 / Q1 / 1 for its number). All or nothing: every cell
// is read as chat reads a typed answer (「はい」「参加する」「1,3」「令和9年4月1日」) and checked against
// the survey's rules — the body is addressed, required questions are answered, no body twice — and one
// problem anywhere writes nothing, each named by line and question. Then one transaction records each
// body's answer as a new current submission (earlier ones stay in the history, as in chat) with its own
// audit entry, which `audit verify` replays.
import { randomUUID } from "node:crypto";
import { normalizeInput } from "../../lib/japanese/normalize.ts";
import type { Db } from "../../storage/database.ts";
import { findInSlices, updateInSlices } from "../../storage/chunked.ts";
import { appendAuditEntries, appendAuditEntry } from "../audit/append-audit-entry.ts";
import { bodyLookup, createInChunks, readImportRows, type ImportOutcome, type RowProblem } from "../bulk/row-problems.ts";
import { cleanAnswers, unansweredQuestions } from "./answer-rules.ts";
import { questionsOf } from "./find-survey.ts";
import type { Read } from "./read-answer.ts";
import { assertOpen, receiptCode } from "./submit-answers.ts";
import { questionNumber, type Answers, type AnswerValue, type Question } from "./survey-types.ts";
import { readAnswerCell } from "./answer-cell.ts";

/** The channel recorded on these submissions: answered on paper, entered by the secretariat. */
export const PAPER_VIA = "paper";

function readCell(question: Question, raw: string): Read<AnswerValue> {
  // Each kind says how one spreadsheet cell reads (kinds/); a kind without one (a matrix, a table of its
  // own) does not fit one cell.
  return readAnswerCell(question, raw) ?? { ok: false, key: "bulk.answers.matrix" };
}

/** Which question a header names: its id, or its number written as 1, Q1 or 問1. */
function columnOf(questions: Question[], header: string): Question | undefined {
  const text = normalizeInput(header).trim();
  const byId = questions.find((q) => q.id === text);
  if (byId) return byId;
  const number = /^(?:q|問|設問)?\s*(\d+)$/i.exec(text)?.[1];
  return number ? questions[Number(number) - 1] : undefined;
}

export interface PaperAnswersReport {
  recorded: number;
  /** bodies whose earlier answer was replaced */
  replaced: number;
}

export async function importPaperAnswers(
  db: Db,
  input: { surveyId: string; councilId: string; personId: string; csv: string },
  now: Date,
): Promise<ImportOutcome<PaperAnswersReport>> {
  const survey = await db.survey.findUniqueOrThrow({ where: { id: input.surveyId } });
  assertOpen(survey, now);
  const questions = questionsOf(survey);
  const rows = readImportRows(input.csv, { body: "body", 団体: "body", 団体名: "body", 団体コード: "body" }, ["body"]);
  const headers = Object.keys(rows[0]!.cells).filter((h) => h !== "body");
  const problems: RowProblem[] = [];
  const columns = new Map<string, Question>();
  for (const header of headers) {
    const question = columnOf(questions, header);
    if (question) columns.set(header, question);
    else problems.push({ line: 1, key: "bulk.answers.unknownColumn", vars: { column: header } });
  }
  const body = await bodyLookup(db, input.councilId);
  const targets = new Set(
    (await db.surveyTarget.findMany({ where: { surveyId: survey.id }, select: { bodyId: true } })).map((t) => t.bodyId),
  );
  const answered: Array<{ bodyId: string; answers: Answers }> = [];
  const firstLine = new Map<string, number>();
  for (const { line, cells } of rows) {
    const found = body(cells.body ?? "");
    if (!found) problems.push({ line, key: "bulk.bodyNotFound", vars: { body: cells.body } });
    else if (!targets.has(found.id)) problems.push({ line, key: "bulk.answers.notAddressed", vars: { body: found.name } });
    else if (firstLine.has(found.id))
      problems.push({ line, key: "bulk.answers.duplicate", vars: { body: found.name, first: firstLine.get(found.id) } });
    if (found) firstLine.set(found.id, firstLine.get(found.id) ?? line);
    const given: Answers = {};
    let readable = true;
    for (const [header, question] of columns) {
      const raw = cells[header] ?? "";
      if (raw === "") continue;
      const read = readCell(question, raw);
      if (read.ok) given[question.id] = read.value;
      else {
        readable = false;
        problems.push({
          line,
          key: "bulk.answers.cell",
          vars: { question: questionNumber(questions, question.id), value: raw, reasonKey: read.key, ...read.vars },
        });
      }
    }
    // A blank cell of an optional question is a skip, as 「スキップ」 is in chat.
    for (const question of questions) if (!question.required && !(question.id in given)) given[question.id] = null;
    const answers = cleanAnswers(questions, given);
    const missing = unansweredQuestions(questions, answers);
    if (readable && missing.length > 0)
      problems.push({
        line,
        key: "bulk.answers.incomplete",
        vars: { questions: missing.map((q) => questionNumber(questions, q.id)).join(", ") },
      });
    if (found) answered.push({ bodyId: found.id, answers });
  }
  if (problems.length > 0) return { written: false, problems };

  const report: PaperAnswersReport = { recorded: 0, replaced: 0 };
  await db.$transaction(
    async (tx) => {
      const bodyIds = answered.map((a) => a.bodyId);
      const previous = new Map(
        (
          await findInSlices(bodyIds, (ids) =>
            tx.surveySubmission.findMany({
              where: { surveyId: survey.id, bodyId: { in: ids }, current: true },
              select: { id: true, bodyId: true },
            }),
          )
        ).map((s) => [s.bodyId, s.id]),
      );
      await updateInSlices(bodyIds, (ids) =>
        tx.surveySubmission.updateMany({ where: { surveyId: survey.id, bodyId: { in: ids }, current: true }, data: { current: false } }),
      );
      const submissions = answered.map((a) => ({
        id: randomUUID(),
        surveyId: survey.id,
        bodyId: a.bodyId,
        personId: input.personId,
        answers: JSON.stringify(a.answers),
        receiptCode: receiptCode(survey.number),
        via: PAPER_VIA,
        current: true,
        submittedAt: now,
      }));
      await createInChunks(submissions, (data) => tx.surveySubmission.createMany({ data }));
      await appendAuditEntry(tx, {
        actor: `person:${input.personId}`,
        action: "surveys.submit.import",
        subject: `survey:${survey.id}`,
        payload: { bodies: submissions.length, via: PAPER_VIA },
        at: now,
      });
      // One entry per body's answer, as a chat confirmation writes: `audit verify` replays them.
      await appendAuditEntries(
        tx,
        submissions.map((s, i) => ({
          actor: `person:${input.personId}`,
          action: "surveys.submit" as const,
          subject: `survey:${survey.id}`,
          payload: {
            bodyId: s.bodyId,
            submissionId: s.id,
            receiptCode: s.receiptCode,
            replaces: previous.get(s.bodyId) ?? null,
            answers: answered[i]!.answers,
          },
          at: now,
        })),
      );
      report.recorded = submissions.length;
      report.replaced = previous.size;
    },
    { timeout: 120_000 },
  );
  return { written: true, report };
}

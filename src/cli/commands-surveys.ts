// kyodo survey …: participation surveys (参加意向調査) from the command line — create one from a YAML or
// JSON file, follow its progress, read its results, export them for Excel, move or close its deadline.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { closeSurvey, setSurveyDeadline } from "../domain/surveys/change-deadline.ts";
import { createSurvey, resolveAudience, surveyTitle } from "../domain/surveys/create-survey.ts";
import { exportSurvey, type CsvEncoding } from "../domain/surveys/export-survey.ts";
import { describeLost } from "../lib/table-export.ts";
import { tallyTable } from "../domain/surveys/export-table.ts";
import { findSurvey, listSurveys, surveyState } from "../domain/surveys/find-survey.ts";
import { formatAnswer } from "../domain/surveys/format-answer.ts";
import { END_OF_DAY } from "../domain/surveys/normalize-definition.ts";
import { formatIssue, problemIssue, readSurveyDefinition, SurveyDefinitionError } from "../domain/surveys/read-definition.ts";
import { bodyAnswersOf, surveyHistory, surveyStatus } from "../domain/surveys/survey-status.ts";
import { tallySurvey } from "../domain/surveys/tally.ts";
import { bilingual } from "../engine/i18n.ts";
import { UserError } from "../lib/user-error.ts";
import { readTextFile, withCli } from "./cli-context.ts";
import { printReach } from "./print-reach.ts";
import { plannedSurveyReach } from "../domain/surveys/survey-reach.ts";
import { headers } from "./cli-format.ts";

/** Definition problems go to stderr one per line (file:line field: 日本語 / English), and the exit code is 1. */
function reportDefinitionError(error: SurveyDefinitionError): void {
  process.stderr.write(`${bilingual("surveys.definition.header", { file: error.file, count: error.issues.length })}\n`);
  for (const issue of error.issues) process.stderr.write(`  ${formatIssue(error.file, issue)}\n`);
  process.exitCode = 1;
}

function parseDue(text: string, zone: string): Date {
  const at = parseDateTime(text, zone, END_OF_DAY);
  if (!at) throw new UserError("cli.badDate", { value: text });
  return at;
}

export function registerSurveyCommands(program: Command): void {
  const survey = program.command("survey").description("参加意向調査 / participation surveys");
  survey
    .command("create <file>")
    .description("YAML または JSON の定義ファイルから調査を作成します / create a survey from a YAML or JSON file")
    .option("--dry-run", "検証だけして作成しません / validate only")
    .action((file: string, opts: { dryRun?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const name = file;
        const now = new Date();
        try {
          const { definition, source } = readSurveyDefinition(readTextFile(file), name, council.timezone, now);
          if (opts.dryRun) {
            const { bodyIds, problems } = await resolveAudience(ctx.db, council.id, definition.audience);
            if (problems.length > 0)
              throw new SurveyDefinitionError(
                name,
                problems.map((p) => problemIssue(p, source)),
              );
            ctx.out(
              bilingual("surveys.cli.valid", {
                file: name,
                questions: definition.questions.length,
                bodies: bodyIds.length,
                due: formatInstant(definition.dueAt, council.timezone, "ja"),
              }),
            );
            return;
          }
          const created = await createSurvey(
            ctx.db,
            { councilId: council.id, definition, createdBy: ctx.actor, source },
            now,
            council.timezone,
          );
          ctx.out(
            bilingual("surveys.cli.created", {
              title: surveyTitle(created.survey),
              bodies: created.bodies,
              due: formatInstant(created.survey.dueAt, council.timezone, "ja"),
              reminders: created.reminders.length,
            }),
          );
          printReach(ctx.out, await plannedSurveyReach(ctx.db, created.survey.id, now), council.timezone);
        } catch (error) {
          if (error instanceof SurveyDefinitionError) return reportDefinitionError(error);
          throw error;
        }
      }),
    );
  survey
    .command("list")
    .description("調査の一覧 / list surveys")
    .action(() =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const now = new Date();
        const list = await listSurveys(ctx.db, council.id, { all: true, includeClosed: true, now });
        const rows = await Promise.all(
          list.map(async (s) => [
            String(s.number),
            s.title,
            s.series ?? "",
            s.fiscalYear ? String(s.fiscalYear) : "",
            bilingual(`surveys.state.${surveyState(s, now)}`),
            formatInstant(s.dueAt, council.timezone, "ja"),
            `${await ctx.db.surveySubmission.count({ where: { surveyId: s.id, current: true } })}/${s.targets.length}`,
          ]),
        );
        ctx.out(renderTable(headers("no", "title", "series", "FY", "state", "due", "answered"), rows));
      }),
    );
  survey
    .command("status <number>")
    .description("回答状況（回答済み／未回答の団体） / progress and the bodies not yet answered")
    .action((number: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const status = await surveyStatus(ctx.db, (await findSurvey(ctx.db, council.id, number)).id);
        ctx.out(
          `${surveyTitle(status.survey)}: ${bilingual("surveys.status.count", { done: status.answered.length, total: status.total })}`,
        );
        ctx.out(
          renderTable(
            headers("code", "body", "answered by", "at", "receipt"),
            status.rows.map((r) => [
              r.body.code ?? "",
              r.body.name,
              r.submission?.personName ?? "—",
              r.submission ? formatInstant(r.submission.submittedAt, council.timezone, "ja") : "",
              r.submission?.receiptCode ?? "",
            ]),
          ),
        );
        if (status.pending.length > 0)
          ctx.out(`${bilingual("surveys.cli.pending", { count: status.pending.length })}: ${status.pending.map((b) => b.name).join("、")}`);
      }),
    );
  survey
    .command("results <number>")
    .description("質問ごとの集計（--matrix で団体×質問の表） / results per question (--matrix: body × question)")
    .option("--matrix", "団体×質問の表 / the body × question table")
    .action((number: string, opts: { matrix?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const status = await surveyStatus(ctx.db, (await findSurvey(ctx.db, council.id, number)).id);
        ctx.out(
          `${surveyTitle(status.survey)}: ${bilingual("surveys.status.count", { done: status.answered.length, total: status.total })}`,
        );
        if (opts.matrix) {
          const columns = ["body", ...status.questions.map((_, i) => `問${i + 1}`)];
          ctx.out(
            renderTable(
              columns,
              status.rows.map((r) => [
                r.body.name,
                ...status.questions.map((q) => (r.submission ? formatAnswer(q, r.submission.answers[q.id], "ja") : "—")),
              ]),
            ),
          );
          return;
        }
        const table = tallyTable(status.questions, tallySurvey(status.questions, bodyAnswersOf(status)));
        ctx.out(
          renderTable(
            table.header,
            table.rows.map((r) => r.map(String)),
          ),
        );
      }),
    );
  survey
    .command("history <number> [body]")
    .description("すべての回答（以前の回答を含む）と回答者・日時 / every submission, earlier ones too, with who and when")
    .action((number: string, bodyQuery: string | undefined) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const found = await findSurvey(ctx.db, council.id, number);
        const body = bodyQuery ? await findBody(ctx.db, council.id, bodyQuery) : undefined;
        const history = await surveyHistory(ctx.db, found.id, body?.id);
        ctx.out(
          renderTable(
            headers("body", "by", "at", "receipt", "via", "current"),
            history.map((h) => [
              h.bodyName,
              h.personName,
              formatInstant(h.submittedAt, council.timezone, "ja"),
              h.receiptCode,
              h.via,
              h.current ? "○" : "",
            ]),
          ),
        );
      }),
    );
  survey
    .command("export <number>")
    .description("結果を CSV または XLSX に書き出します（1団体1行、日本語見出し） / export the results (one row per body)")
    .requiredOption("--out <file>", "出力ファイル / output file")
    .option("--format <format>", "csv | xlsx", "csv")
    .option("--encoding <encoding>", "CSV の文字コード: utf8（BOM付き） | sjis（Excel 向け Shift_JIS） / CSV encoding", "utf8")
    .action((number: string, opts: { out: string; format: string; encoding: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const format = opts.format.toLowerCase();
        if (format !== "csv" && format !== "xlsx") throw new UserError("surveys.export.badFormat", { format: opts.format });
        const encoding = (
          { utf8: "utf8", "utf-8": "utf8", sjis: "sjis", shift_jis: "sjis", "shift-jis": "sjis", cp932: "sjis" } as Record<
            string,
            CsvEncoding
          >
        )[opts.encoding.toLowerCase()];
        if (!encoding) throw new UserError("surveys.export.badEncoding", { encoding: opts.encoding });
        const found = await findSurvey(ctx.db, council.id, number);
        const result = await exportSurvey(ctx.db, found.id, { format: format, encoding, zone: council.timezone });
        writeFileSync(opts.out, result.buffer);
        ctx.out(bilingual("surveys.cli.exported", { file: opts.out, answered: result.answered, total: result.total }));
        if (result.lost.length > 0) process.stderr.write(`${bilingual("export.lostCharacters", { lines: describeLost(result.lost) })}\n`);
      }),
    );
  survey
    .command("extend <number> <due...>")
    .description("期限を延長します（締め切った調査は再開します） / move the deadline (reopens a closed survey)")
    .action((number: string, due: string[]) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const found = await findSurvey(ctx.db, council.id, number);
        const dueAt = parseDue(due.join(" "), council.timezone);
        const { reopened } = await setSurveyDeadline(ctx.db, { surveyId: found.id, dueAt, actor: ctx.actor }, new Date(), council.timezone);
        ctx.out(
          bilingual(reopened ? "surveys.extend.reopened" : "surveys.extend.extended", {
            title: surveyTitle(found),
            due: formatInstant(dueAt, council.timezone, "ja"),
          }),
        );
      }),
    );
  survey
    .command("close <number>")
    .description("調査を締め切ります（以後の回答は受け付けません） / close the survey now")
    .action((number: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const found = await findSurvey(ctx.db, council.id, number);
        await closeSurvey(ctx.db, { surveyId: found.id, actor: ctx.actor }, new Date());
        ctx.out(bilingual("surveys.closedNow", { title: surveyTitle(found) }));
      }),
    );
}

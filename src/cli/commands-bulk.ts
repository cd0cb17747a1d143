// Bulk paths for setting a council up at scale (issue #15): people, seats on an organ, enrolment codes for
// an organ, and survey answers returned on paper, each from or to a CSV file (UTF-8 or Shift_JIS). Imports
// are all or nothing: every problem is listed as `file:line: reason` in Japanese and English before
// anything is written, and a clean file is written in one transaction.
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { decodeCsv } from "../domain/bodies/import-bodies.ts";
import type { ImportOutcome } from "../domain/bulk/row-problems.ts";
import { issueOrganCodes } from "../domain/identities/issue-organ-codes.ts";
import { importSeats } from "../domain/organs/import-seats.ts";
import { findOrgan } from "../domain/organs/find-organ.ts";
import { importPeople } from "../domain/people/import-people.ts";
import { findSurvey } from "../domain/surveys/find-survey.ts";
import { importPaperAnswers } from "../domain/surveys/import-paper-answers.ts";
import { bilingual } from "../engine/i18n.ts";
import { localMinute } from "../lib/local-time.ts";
import { encodeCsv, toCsv, type CsvEncoding } from "../lib/table-export.ts";
import { UserError } from "../lib/user-error.ts";
import { actingPerson } from "./acting-person.ts";
import { withCli, type CliContext } from "./cli-context.ts";

function readCsvFile(file: string): string {
  try {
    return decodeCsv(readFileSync(file));
  } catch {
    throw new UserError("cli.fileUnreadable", { file });
  }
}

/** Prints the report of a written import, or every problem by line (exit code 1) when nothing was written. */
function printOutcome<R>(ctx: CliContext, file: string, outcome: ImportOutcome<R>, report: (r: R) => string): void {
  if (outcome.written) {
    ctx.out(report(outcome.report));
    return;
  }
  process.stderr.write(`${bilingual("bulk.import.nothingWritten", { rejected: outcome.problems.length })}\n`);
  for (const problem of outcome.problems) process.stderr.write(`  ${file}:${problem.line}: ${bilingual(problem.key, problem.vars)}\n`);
  process.exitCode = 1;
}

function subcommand(parent: Command, name: string, description: string): Command {
  return parent.commands.find((c) => c.name() === name) ?? parent.command(name).description(description);
}

export function registerBulkCommands(program: Command): void {
  subcommand(program, "people", "利用者 / people")
    .command("import <file>")
    .description(
      "CSV（handle,name,body,email,role,locale,primary / ハンドル,氏名,団体,メール,役割,言語,主担当）から利用者を一括登録します / register people from CSV, all or nothing",
    )
    .action((file: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const outcome = await importPeople(ctx.db, council.id, readCsvFile(file), ctx.actor);
        printOutcome(ctx, file, outcome, (r) => bilingual("bulk.people.report", { ...r }));
      }),
    );

  const importSeatsCommand = (parent: Command) =>
    parent
      .command("import <organ> <file>")
      .description(
        "CSV（body,representative,role / 団体,代表者,役割）から会議体の席を一括登録します / seats on an organ from CSV, all or nothing",
      )
      .action((organQuery: string, file: string) =>
        withCli(async (ctx) => {
          const council = await ctx.council();
          const organ = await findOrgan(ctx.db, council.id, organQuery);
          const outcome = await importSeats(ctx.db, council.id, organ.id, readCsvFile(file), ctx.actor);
          printOutcome(ctx, file, outcome, (r) => bilingual("bulk.seats.report", { organ: organ.name, ...r }));
        }),
      );
  importSeatsCommand(subcommand(program, "seats", "会議体の席と委員 / seats on organs"));
  // `organ seats import …` reads as the secretariat says it.
  const organs = subcommand(program, "organs", "会議体 / organs");
  if (!organs.aliases().includes("organ")) organs.alias("organ");
  importSeatsCommand(subcommand(organs, "seats", "会議体の席 / seats"));

  subcommand(subcommand(program, "link", "チャット連携 / linking chat accounts"), "codes", "登録コード / enrolment codes")
    .command("generate")
    .description("会議体の委員全員の登録コードを CSV に書き出します（差し込み印刷用） / enrolment codes for everyone on an organ, as CSV")
    .requiredOption("--organ <organ>", "会議体 / organ")
    .requiredOption("--out <file>", "書き出すファイル / output file")
    .option("--ttl-hours <hours>", "有効時間 / valid for hours", "72")
    .option("--include-linked", "連携済みの人にも発行します / also people who have linked already")
    .option("--encoding <encoding>", "utf8 | sjis", "utf8")
    .action((opts: { organ: string; out: string; ttlHours: string; includeLinked?: boolean; encoding: string }) =>
      withCli(async (ctx) => {
        const ttl = Number(opts.ttlHours);
        if (!Number.isFinite(ttl) || ttl <= 0 || ttl > 24 * 90) throw new UserError("cli.badTtl", { value: opts.ttlHours });
        const encoding: CsvEncoding = opts.encoding === "sjis" || opts.encoding === "shift_jis" ? "sjis" : "utf8";
        const council = await ctx.council();
        const organ = await findOrgan(ctx.db, council.id, opts.organ);
        const codes = await issueOrganCodes(ctx.db, organ.id, ctx.actor, { ttlHours: ttl, includeLinked: opts.includeLinked });
        if (codes.length === 0) {
          ctx.out(bilingual("bulk.codes.none", { organ: organ.name }));
          return;
        }
        const csv = toCsv([
          {
            name: "codes",
            columns: ["handle", "name", "body", "code", "expires"],
            rows: codes.map((c) => [c.handle, c.name, c.body, c.code, localMinute(c.expiresAt, ctx.timezone)]),
          },
        ]);
        const encoded = encodeCsv(csv, encoding);
        // The codes let anyone holding them speak as these people: readable by the secretariat's account only.
        writeFileSync(opts.out, encoded.buffer, { mode: 0o600 });
        ctx.out(
          bilingual("bulk.codes.written", {
            organ: organ.name,
            count: codes.length,
            file: opts.out,
            expires: localMinute(codes[0]!.expiresAt, ctx.timezone),
          }),
        );
        if (encoded.lost.length > 0) ctx.out(bilingual("bulk.codes.lost", { lines: encoded.lost.map((l) => l.line).join(", ") }));
      }),
    );

  subcommand(subcommand(program, "survey", "参加意向調査 / participation surveys"), "answers", "回答 / answers")
    .command("import <survey> <file>")
    .description(
      "紙で届いた回答を CSV（body と設問ごとの列: 団体,問1,問2…）から一括登録します / answers returned on paper, from CSV, all or nothing",
    )
    .requiredOption("--as <handle>", "入力した事務局職員 / the secretariat member entering them")
    .action((surveyQuery: string, file: string, opts: { as: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const person = await actingPerson(ctx, council.id, opts.as, "survey.manage");
        const survey = await findSurvey(ctx.db, council.id, surveyQuery);
        const outcome = await importPaperAnswers(
          ctx.db,
          { surveyId: survey.id, councilId: council.id, personId: person.id, csv: readCsvFile(file) },
          new Date(),
        );
        printOutcome(ctx, file, outcome, (r) => bilingual("bulk.answers.report", { ...r }));
      }),
    );
}

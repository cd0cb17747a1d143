// What the usage and money commands share: reading an import file, printing or exporting a result (text,
// CSV or XLSX), and reporting rejected rows.
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { renderPlainText } from "../adapters/shared/render-plain-text.ts";
import { bilingual, type Locale } from "../engine/i18n.ts";
import type { OutboundMessage } from "../engine/messages.ts";
import { describeLost, encodeCsv, toCsv, toXlsx, type ExportTable } from "../lib/table-export.ts";
import { UserError } from "../lib/user-error.ts";
import type { RowProblem } from "../domain/bodies/body-rows.ts";
import { parsePeriod } from "../domain/usage/period.ts";
import { type CliContext } from "./cli-context.ts";

/** Files from this size on show a progress bar while they are read. */
export const PROGRESS_FROM_BYTES = 1024 * 1024;

export interface OutputOptions {
  format: string;
  out?: string;
  encoding: string;
  lang: string;
}

export function readFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new UserError("cli.fileUnreadable", { file });
  }
}

export const lang = (opts: { lang: string }): Locale => (opts.lang === "en" ? "en" : "ja");
export const secretariatView = { bodyIds: [] as string[], secretariat: true };

/** Prints the message as text, or writes the tables as CSV (stdout or --out) or XLSX (--out). */
export async function output(ctx: CliContext, opts: OutputOptions, message: OutboundMessage, tables: () => ExportTable[]): Promise<void> {
  if (opts.format === "text") {
    ctx.out(renderPlainText(message, { numberChoices: false }));
    return;
  }
  if (opts.format === "csv") {
    const { buffer, lost } = encodeCsv(toCsv(tables()), opts.encoding === "sjis" ? "sjis" : "utf8");
    if (opts.out) writeFileSync(opts.out, buffer);
    else process.stdout.write(buffer);
    if (lost.length > 0) process.stderr.write(`${bilingual("export.lostCharacters", { lines: describeLost(lost) })}\n`);
  } else if (opts.format === "xlsx") {
    if (!opts.out) throw new UserError("usage.cli.xlsxNeedsOut");
    writeFileSync(opts.out, await toXlsx(tables()));
  } else {
    throw new UserError("usage.cli.badFormat", { format: opts.format });
  }
  if (opts.out) ctx.out(bilingual("usage.cli.written", { file: opts.out }));
}

export function withOutputOptions(command: Command): Command {
  return command
    .option("--format <format>", "text | csv | xlsx", "text")
    .option("--out <file>", "出力ファイル / output file")
    .option("--encoding <encoding>", "CSV: utf8（BOM付き） | sjis", "utf8")
    .option("--lang <lang>", "ja | en", "ja");
}

/** The council with its time zone (the CLI context gives only its id and names). */
export async function fullCouncil(ctx: CliContext) {
  return ctx.db.council.findUniqueOrThrow({ where: { id: (await ctx.council()).id } });
}

export function reportRejected(ctx: CliContext, file: string, rejected: RowProblem[]): void {
  const shown = rejected.slice(0, 200);
  for (const problem of shown) ctx.out(`  ${file}:${problem.line}: ${bilingual(problem.key, problem.vars)}`);
  if (rejected.length > shown.length) ctx.out(`  … ${bilingual("usage.cli.moreRejected", { count: rejected.length - shown.length })}`);
  if (rejected.length > 0) process.exitCode = 1;
}

export function periodOption(text: string | undefined) {
  if (!text) return undefined;
  const period = parsePeriod(text);
  if (!period) throw new UserError("usage.record.badPeriod", { period: text });
  return period;
}

// kyodo candidates …: joint-procurement candidates (共同調達の候補案件) from the command line — propose and
// edit them, enter a body's interest that came on paper or by email, read the board and the history,
// change the screening rule, shortlist, start the ranking survey, form a working group, and export the
// board for Excel.
// The board (list, show, export) is here; entering and editing in commands-candidates-edit.ts, the
// screening rule, shortlist, ranking and working groups in commands-candidates-screening.ts.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { candidateState } from "../domain/candidates/board-tables.ts";
import { candidateTrend, loadBoard } from "../domain/candidates/candidate-board.ts";
import { exportBoard } from "../domain/candidates/export-board.ts";
import { describeLost } from "../lib/table-export.ts";
import { candidateLabel, findCandidate } from "../domain/candidates/find-candidate.ts";
import { INTEREST_LEVELS } from "../domain/candidates/interest-levels.ts";
import { levelLabel, ruleText, screeningText } from "../domain/candidates/screening-text.ts";
import { bilingual, translator } from "../engine/i18n.ts";
import { UserError } from "../lib/user-error.ts";
import { withCli } from "./cli-context.ts";
import { headers } from "./cli-format.ts";
import { registerCandidateEditCommands } from "./commands-candidates-edit.ts";
import { registerCandidateScreeningCommands } from "./commands-candidates-screening.ts";

const t = translator("ja");

export function registerCandidateCommands(program: Command): void {
  const cmd = program
    .command("candidates")
    .alias("candidate")
    .description("共同調達の候補案件と関心 / joint-procurement candidates and interest");

  cmd
    .command("list")
    .description("候補案件の一覧（関心度ごとの団体数と選定基準） / the board")
    .option("--all", "アーカイブ済みも含める / include archived")
    .action((opts: { all?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const board = await loadBoard(ctx.db, council.id, { includeArchived: Boolean(opts.all) });
        ctx.out(
          `${t("candidates.board.title", { members: board.members })}  ${t("candidates.rule.current", { rule: ruleText(t, board.settings.rule) })}`,
        );
        const columns = ["no", "name", ...INTEREST_LEVELS.map((l) => t(`candidates.levelsShort.${l}`)), "未回答", "導入意向/必要", "状態"];
        ctx.out(
          renderTable(
            columns,
            board.entries.map((e) => [
              String(e.candidate.number),
              e.candidate.name,
              ...INTEREST_LEVELS.map((l) => String(e.counts[l])),
              String(board.members - e.answered),
              `${e.screening.intending}/${Math.max(e.screening.required, 1)}`,
              candidateState(t, e),
            ]),
          ),
        );
      }),
    );

  cmd
    .command("show <candidate>")
    .description("案件の詳細（関心度ごとの団体、選定基準の判定、推移） / one candidate")
    .action((query: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const candidate = await findCandidate(ctx.db, council.id, query);
        const board = await loadBoard(ctx.db, council.id, { candidates: [candidate] });
        const entry = board.entries[0]!;
        ctx.out(`${candidateLabel(candidate)}  [${candidateState(t, entry)}]`);
        for (const [label, value] of [
          ["分類", candidate.category],
          ["説明", candidate.description],
          ["製品・事業者", entry.products.join("、")],
          ["概算費用", candidate.roughCost],
          ["リンク", entry.links.join(" ")],
        ] as const)
          if (value) ctx.out(`${label}: ${value}`);
        ctx.out(
          renderTable(
            headers("関心度", "団体数", "団体"),
            INTEREST_LEVELS.map((l) => [levelLabel(t, l), String(entry.counts[l]), entry.bodies[l].map((b) => b.name).join("、")]),
          ),
        );
        ctx.out(screeningText(t, entry.screening));
        const trend = await candidateTrend(ctx.db, candidate, new Date(), council.timezone);
        ctx.out(
          renderTable(
            ["月", ...INTEREST_LEVELS.map((l) => t(`candidates.levelsShort.${l}`)), "回答"],
            trend.map((p) => [p.label, ...INTEREST_LEVELS.map((l) => String(p.counts[l])), String(p.answered)]),
          ),
        );
      }),
    );

  // Registered in this order so that `kyodo candidates --help` lists them as before.
  registerCandidateEditCommands(cmd);
  registerCandidateScreeningCommands(cmd);

  cmd
    .command("export")
    .description("候補案件の一覧を CSV / XLSX に書き出します / export the board")
    .requiredOption("--out <file>", "出力ファイル / output file")
    .option("--format <format>", "csv | xlsx", "csv")
    .option("--encoding <encoding>", "CSV の文字コード: utf8（BOM付き） | sjis / CSV encoding", "utf8")
    .option("--table <table>", "CSV に書く表: board（案件ごと） | bodies（案件×団体） / CSV table", "board")
    .option("--all", "アーカイブ済みも含める / include archived")
    .action((opts: { out: string; format: string; encoding: string; table: string; all?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const format = opts.format.toLowerCase();
        if (format !== "csv" && format !== "xlsx") throw new UserError("surveys.export.badFormat", { format: opts.format });
        const encoding = (
          { utf8: "utf8", "utf-8": "utf8", sjis: "sjis", shift_jis: "sjis", "shift-jis": "sjis", cp932: "sjis" } as Record<
            string,
            "utf8" | "sjis"
          >
        )[opts.encoding.toLowerCase()];
        if (!encoding) throw new UserError("surveys.export.badEncoding", { encoding: opts.encoding });
        const result = await exportBoard(ctx.db, council.id, {
          format,
          encoding,
          table: opts.table as "board" | "bodies",
          includeArchived: Boolean(opts.all),
          zone: council.timezone,
          now: new Date(),
        });
        writeFileSync(opts.out, result.buffer);
        ctx.out(bilingual("candidates.cli.exported", { file: opts.out, count: result.candidates }));
        if (result.lost.length > 0) process.stderr.write(`${bilingual("export.lostCharacters", { lines: describeLost(result.lost) })}\n`);
      }),
    );
}

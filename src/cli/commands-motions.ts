// kyodo ballot … / motion …: ballots (書面表決・メール審議) from the command line — create one from a YAML or
// JSON file, follow turnout, read results, export the per-seat record, move the deadline or close it, and
// edit a motion (which makes earlier votes on it stale) or recuse a seat from one.
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { parseBallotDefinition, parseDateTime } from "../domain/motions/ballot-definition.ts";
import { checkBallotDraft, type BallotDraft } from "../domain/motions/check-ballot-draft.ts";
import { ballotStatus } from "../domain/motions/ballot-status.ts";
import { describeRules, motionLabel, outcomeLabel } from "../domain/motions/ballot-text.ts";
import { readableRecord, tallyFromVotes } from "../domain/motions/ballot-results.ts";
import { closeBallot } from "../domain/motions/close-ballot.ts";
import { createBallot } from "../domain/motions/create-ballot.ts";
import { editMotion } from "../domain/motions/edit-motion.ts";
import { exportBallotRecord } from "../domain/motions/export-ballot-record.ts";
import { describeLost } from "../lib/table-export.ts";
import { setBallotDeadline } from "../domain/motions/extend-ballot.ts";
import { ballotLabel, ballotPhase, findBallot, loadBallot } from "../domain/motions/find-ballot.ts";
import { recuseSeat } from "../domain/motions/recuse-seat.ts";
import { bilingual, translator } from "../engine/i18n.ts";
import { UserError } from "../lib/user-error.ts";
import { findForbiddenCharacter } from "../lib/untrusted-text.ts";
import { actorFor } from "./acting-person.ts";
import { readTextFile, withCli } from "./cli-context.ts";
import { RESULT_HEADERS, reportUnreadable, resultRow, warnAndFlag } from "./print-ballot-results.ts";
import { printReach } from "./print-reach.ts";
import { plannedBallotReach } from "../domain/motions/ballot-reach.ts";
import { headers } from "./cli-format.ts";
import { formatPath } from "../lib/definition-path.ts";

const t = translator("ja");

function dateOption(value: string, zone: string): Date {
  const at = parseDateTime(value, zone);
  if (!at) throw new UserError("cli.badDate", { value });
  return at;
}

function ballotNumber(value: string): number {
  const n = Number(value.normalize("NFKC").replace(/^表決/, ""));
  if (!Number.isInteger(n) || n < 1) throw new UserError("motions.ballotNotFound", { number: value });
  return n;
}

/** A motion's title and text are definitions too: no control characters or invalid UTF-8. */
function refuseControlCharacters(file: string, value: string | undefined): void {
  const forbidden = value === undefined ? undefined : findForbiddenCharacter(value);
  if (forbidden) throw new UserError("security.definitionControlCharacter", { file, ...forbidden });
}

export function registerMotionCommands(program: Command): void {
  const ballot = program.command("ballot").alias("ballots").description("書面表決・メール審議 / ballots on motions");
  ballot
    .command("create <file>")
    .description("YAML または JSON の定義ファイルから表決を作成します / create a ballot from a YAML or JSON file")
    .option("--opens <datetime>", "開始日時（既定: 今） / opening time (default: now)")
    .option("--deadline <datetime>", "期限（ファイルの指定より優先） / deadline, overriding the file")
    .option("--as <handle>", "作成する事務局の担当者（結果通知も届きます） / secretariat person creating it")
    .option("--dry-run", "検証だけして作成しません / validate only")
    .action((file: string, opts: { opens?: string; deadline?: string; as?: string; dryRun?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const name = basename(file);
        const zone = council.timezone;
        // Who acts is checked first: a dry run by someone who may not create ballots is refused as well.
        const createdBy = await actorFor(ctx, council.id, opts.as, "ballot.create");
        const { definition: d, lineOf } = parseBallotDefinition(readTextFile(file), name);
        // The command line's dates win over the file's; the same check as chat forms does the rest.
        const draft: BallotDraft = {
          ...d,
          opens: opts.opens ?? d.opens,
          deadline: opts.deadline ?? d.deadline,
          rules: d.rules ?? undefined,
          reminders: d.reminders ?? undefined,
        };
        const checked = await checkBallotDraft(ctx.db, council.id, draft, new Date(), zone);
        if (!checked.ok) {
          const fromCli = (field: unknown) => (field === "opens" && opts.opens) || (field === "deadline" && opts.deadline);
          const lines = checked.problems.map(
            (p) =>
              `${fromCli(p.path[0]) ? `--${String(p.path[0])}` : `${name}:${lineOf(p.path)}`} ${formatPath(p.path)}: ${bilingual(p.key, p.vars)}`,
          );
          throw new UserError("motions.definition.invalid", { file: name, problems: lines.join("\n") });
        }
        const { input, organName } = checked.ballot;
        if (opts.dryRun) {
          ctx.out(
            bilingual("motions.cli.valid", {
              file: name,
              organ: organName,
              motions: input.motions.length,
              deadline: formatInstant(input.deadline, zone, "ja"),
            }),
          );
          return;
        }
        const created = await createBallot(ctx.db, { ...input, createdBy }, new Date(), zone);
        ctx.out(
          bilingual("motions.cli.created", {
            label: ballotLabel(created),
            organ: created.organName,
            seats: created.roll.length,
            motions: created.motions.length,
            deadline: formatInstant(created.deadline, zone, "ja"),
          }),
        );
        printReach(ctx.out, await plannedBallotReach(ctx.db, created, new Date()), zone);
      }),
    );
  ballot
    .command("list")
    .description("表決の一覧 / list ballots")
    .action(() =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const rows = await ctx.db.ballot.findMany({ where: { councilId: council.id }, orderBy: { number: "asc" }, select: { id: true } });
        const now = new Date();
        const table: string[][] = [];
        for (const row of rows) {
          const b = await loadBallot(ctx.db, row.id);
          const status = await ballotStatus(ctx.db, b, now);
          table.push([
            String(b.number),
            b.title,
            b.organName,
            formatInstant(b.deadline, council.timezone, "ja"),
            t(`motions.phase.${status.phase}`),
            `${status.complete}/${status.total}`,
          ]);
        }
        ctx.out(renderTable(headers("no", "title", "organ", "deadline", "state", "voted"), table));
      }),
    );
  ballot
    .command("show <number>")
    .description("表決の内容（議案・規則） / a ballot's motions and rules")
    .action((number: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const b = await findBallot(ctx.db, council.id, ballotNumber(number));
        ctx.out(`${ballotLabel(b)}（${b.organName}）`);
        ctx.out(
          `${formatInstant(b.opensAt, council.timezone, "ja")} 〜 ${formatInstant(b.deadline, council.timezone, "ja")}  ${t(`motions.phase.${ballotPhase(b, new Date())}`)}`,
        );
        for (const m of b.motions) {
          ctx.out(`\n${motionLabel(m, t)}  (v${m.version}${m.outcome ? `, ${outcomeLabel(m.outcome, t)}` : ""})`);
          if (m.text) ctx.out(m.text);
          for (const a of m.attachments) ctx.out(`  ${a.label} ${a.url}`);
        }
        ctx.out(
          `\n${describeRules(b.rules, t)
            .map((r) => `・${r}`)
            .join("\n")}`,
        );
      }),
    );
  ballot
    .command("turnout <number>")
    .description("表決状況と未表決の席 / turnout and seats not yet voted")
    .action((number: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const status = await ballotStatus(ctx.db, await findBallot(ctx.db, council.id, ballotNumber(number)), new Date());
        ctx.out(bilingual("motions.cli.turnout", { label: ballotLabel(status.ballot), done: status.complete, total: status.total }));
        ctx.out(
          renderTable(
            headers("motion", "voted", "eligible"),
            status.motions.map((m) => [motionLabel(m.motion, t), String(m.voted), String(m.eligible)]),
          ),
        );
        if (status.pending.length > 0) {
          ctx.out("");
          ctx.out(
            renderTable(
              headers("code", "body", "holder", "missing"),
              status.pending.map((s) => [
                s.bodyCode ?? "",
                s.bodyName,
                s.holders.join(" ") || "—",
                s.missing.map((n) => (s.stale.includes(n) ? `${n}*` : s.invalid.includes(n) ? `${n}!` : String(n))).join(","),
              ]),
            ),
          );
        }
        // Votes for an option the motion does not have: not counted, and their seats are still asked (n! above).
        if (status.invalidVotes.length > 0) {
          const motionOf = new Map(status.ballot.motions.map((m) => [m.number, m]));
          ctx.out(`\n${t("results.invalid.caption", { count: status.invalidVotes.length })}`);
          ctx.out(
            renderTable(
              headers("body", "motion", "choice"),
              status.invalidVotes.map((v) => [v.bodyName, motionLabel(motionOf.get(v.motionNumber)!, t), v.choice]),
            ),
          );
          process.stderr.write(`${bilingual("results.invalid.openAdvice", { count: status.invalidVotes.length })}\n`);
        }
      }),
    );
  ballot
    .command("results <number>")
    .description("表決の結果 / results of a closed ballot")
    .action((number: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const b = await findBallot(ctx.db, council.id, ballotNumber(number));
        if (!b.closedAt)
          throw new UserError("motions.notClosedYet", {
            label: ballotLabel(b),
            deadline: formatInstant(b.deadline, council.timezone, "ja"),
          });
        ctx.out(bilingual("motions.cli.results", { label: ballotLabel(b), closedAt: formatInstant(b.closedAt, council.timezone, "ja") }));
        const record = readableRecord(b);
        const recorded = new Map(record.recorded.map((r) => [r.motion.id, r.tally]));
        const unreadable = new Set(record.unreadable.map((u) => u.motion.id));
        const rows = b.motions
          .filter((m) => recorded.has(m.id) || unreadable.has(m.id))
          .map((motion) => {
            const r = recorded.get(motion.id);
            return r ? resultRow(motionLabel(motion, t), r) : [motionLabel(motion, t), "", "", "", "", "", t("results.unreadable.cell")];
          });
        ctx.out(renderTable(RESULT_HEADERS, rows));
        const status = await ballotStatus(ctx.db, b, new Date());
        if (record.unreadable.length > 0) {
          const recount = tallyFromVotes(
            record.ballot,
            status.votes,
            record.unreadable.map((u) => u.motion),
          );
          ctx.out(`\n${bilingual("results.unreadable.recount")}`);
          ctx.out(
            renderTable(
              RESULT_HEADERS,
              recount.map(({ motion, tally }) => resultRow(motionLabel(motion, t), tally)),
            ),
          );
        }
        if (status.invalidVotes.length > 0) {
          ctx.out(`\n${t("results.invalid.caption", { count: status.invalidVotes.length })}`);
          const motionOf = new Map(b.motions.map((m) => [m.number, m]));
          ctx.out(
            renderTable(
              headers("body", "motion", "choice"),
              status.invalidVotes.map((v) => [v.bodyName, motionLabel(motionOf.get(v.motionNumber)!, t), v.choice]),
            ),
          );
        }
        const warnings = [
          ...reportUnreadable(ctx, record.unreadable).map((u) =>
            bilingual("results.unreadable.tally", { motion: motionLabel(u.motion, t), where: u.where }),
          ),
          ...(status.invalidVotes.length > 0 ? [bilingual("results.invalid.closedAdvice", { count: status.invalidVotes.length })] : []),
        ];
        warnAndFlag(warnings);
      }),
    );
  ballot
    .command("extend <number> <deadline>")
    .description("期限を変更します（リマインドも組み直します） / move the deadline (reminders are re-planned)")
    .option("--as <handle>", "事務局の担当者 / secretariat person")
    .action((number: string, deadline: string, opts: { as?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const b = await findBallot(ctx.db, council.id, ballotNumber(number));
        const updated = await setBallotDeadline(
          ctx.db,
          {
            ballotId: b.id,
            deadline: dateOption(deadline, council.timezone),
            actor: await actorFor(ctx, council.id, opts.as, "ballot.extend"),
          },
          new Date(),
          council.timezone,
        );
        ctx.out(
          bilingual("motions.cli.extended", {
            label: ballotLabel(updated),
            deadline: formatInstant(updated.deadline, council.timezone, "ja"),
          }),
        );
      }),
    );
  ballot
    .command("close <number>")
    .description("期限前に締め切って集計します / close now and tally")
    .option("--as <handle>", "事務局の担当者 / secretariat person")
    .action((number: string, opts: { as?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const b = await findBallot(ctx.db, council.id, ballotNumber(number));
        const closed = await closeBallot(ctx.db, b.id, new Date(), "secretariat", await actorFor(ctx, council.id, opts.as, "ballot.close"));
        if (!closed.closedNow) throw new UserError("motions.closed", { number: b.number });
        ctx.out(bilingual("motions.cli.closed", { label: ballotLabel(b) }));
        for (const { motion, tally } of closed.results ?? [])
          ctx.out(`  ${motionLabel(motion, t)}: ${outcomeLabel(tally.outcome, t)}（${tally.for}/${tally.against}/${tally.abstain}）`);
      }),
    );
  ballot
    .command("export <number>")
    .description("席ごとの表決記録を書き出します / export the per-seat record")
    .option("--format <format>", "csv | xlsx", "csv")
    .option("--encoding <encoding>", "CSV: utf8 (BOM付き) | sjis", "utf8")
    .option("--out <file>", "出力ファイル（既定: ballot-<番号>.<形式>） / output file")
    .action((number: string, opts: { format: string; encoding: string; out?: string }) =>
      withCli(async (ctx) => {
        if (opts.format !== "csv" && opts.format !== "xlsx") throw new UserError("motions.cli.badFormat", { format: opts.format });
        if (opts.encoding !== "utf8" && opts.encoding !== "sjis")
          throw new UserError("motions.cli.badEncoding", { encoding: opts.encoding });
        const council = await ctx.council();
        const b = await findBallot(ctx.db, council.id, ballotNumber(number));
        // The record is written with what can be read; a damaged recorded tally leaves its result columns empty.
        const record = readableRecord(b);
        const result = await exportBallotRecord(ctx.db, record.ballot, {
          format: opts.format,
          encoding: opts.encoding,
          zone: council.timezone,
        });
        const out = opts.out ?? `ballot-${b.number}.${opts.format}`;
        writeFileSync(out, result.buffer);
        ctx.out(bilingual("motions.cli.exported", { file: out, seats: b.roll.length, motions: b.motions.length }));
        if (result.lost.length > 0) process.stderr.write(`${bilingual("export.lostCharacters", { lines: describeLost(result.lost) })}\n`);
        warnAndFlag(
          reportUnreadable(ctx, record.unreadable).map((u) =>
            bilingual("results.unreadable.exported", { motion: motionLabel(u.motion, t), where: u.where }),
          ),
        );
      }),
    );

  const motion = program.command("motion").alias("motions").description("議案 / motions of a ballot");
  motion
    .command("edit <ballot> <motion>")
    .description("議案を修正します（既に投じられた表決は無効になり、再表決を依頼します） / edit a motion; earlier votes on it go stale")
    .option("--title <title>", "議案名 / title")
    .option("--text <text>", "本文 / text")
    .option("--text-file <file>", "本文をファイルから / text from a file")
    .option("--as <handle>", "事務局の担当者 / secretariat person")
    .action((ballotArg: string, motionArg: string, opts: { title?: string; text?: string; textFile?: string; as?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const b = await findBallot(ctx.db, council.id, ballotNumber(ballotArg));
        const text = opts.textFile ? readTextFile(opts.textFile) : opts.text;
        refuseControlCharacters(opts.textFile ?? "--text", text);
        refuseControlCharacters("--title", opts.title);
        const edited = await editMotion(
          ctx.db,
          {
            ballotId: b.id,
            motionNumber: Number(motionArg.normalize("NFKC").replace(/^議案/, "")),
            title: opts.title,
            text,
            editedBy: await actorFor(ctx, council.id, opts.as, "motion.edit"),
          },
          new Date(),
        );
        ctx.out(
          bilingual("motions.cli.edited", {
            motion: motionLabel(edited.motion, t),
            version: edited.motion.version,
            stale: edited.staleVotes,
            notified: edited.notified,
          }),
        );
      }),
    );
  motion
    .command("recuse <ballot> <motion> <body>")
    .description("団体の席をこの議案の表決から除斥します / recuse a body's seat from one motion")
    .option("--reason <reason>", "理由 / reason")
    .option("--as <handle>", "事務局の担当者 / secretariat person")
    .action((ballotArg: string, motionArg: string, bodyQuery: string, opts: { reason?: string; as?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const b = await findBallot(ctx.db, council.id, ballotNumber(ballotArg));
        const body = await findBody(ctx.db, council.id, bodyQuery);
        await recuseSeat(
          ctx.db,
          {
            ballotId: b.id,
            motionNumber: Number(motionArg.normalize("NFKC").replace(/^議案/, "")),
            bodyId: body.id,
            reason: opts.reason,
            actor: await actorFor(ctx, council.id, opts.as, "motion.recuse"),
          },
          new Date(),
        );
        ctx.out(bilingual("motions.cli.recused", { body: body.name, motion: motionArg }));
      }),
    );
}

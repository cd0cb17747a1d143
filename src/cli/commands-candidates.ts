// kyodo candidates …: joint-procurement candidates (共同調達の候補案件) from the command line — propose and
// edit them, enter a body's interest that came on paper or by email, read the board and the history,
// change the screening rule, shortlist, start the ranking survey, form a working group, and export the
// board for Excel.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { archiveCandidate, restoreCandidate } from "../domain/candidates/archive-candidate.ts";
import { candidateState } from "../domain/candidates/board-tables.ts";
import { candidateTrend, loadBoard } from "../domain/candidates/candidate-board.ts";
import { splitLinks, splitList, type CandidateFields } from "../domain/candidates/candidate-fields.ts";
import { loadCandidateSettings, memberCount } from "../domain/candidates/candidate-settings.ts";
import { editCandidate } from "../domain/candidates/edit-candidate.ts";
import { exportBoard } from "../domain/candidates/export-board.ts";
import { describeLost } from "../lib/table-export.ts";
import { candidateLabel, findCandidate, parseCandidateNumber } from "../domain/candidates/find-candidate.ts";
import { formWorkingGroup, WG_LEVELS } from "../domain/candidates/form-working-group.ts";
import { interestHistory } from "../domain/candidates/interest-history.ts";
import { INTEREST_LEVELS, parseInterestLevel, parseLevelList } from "../domain/candidates/interest-levels.ts";
import { proposeCandidate } from "../domain/candidates/propose-candidate.ts";
import { parsePoints } from "../domain/candidates/ranking-definition.ts";
import { rankingResults } from "../domain/candidates/ranking-results.ts";
import { recordInterest } from "../domain/candidates/record-interest.ts";
import { parseThreshold, requiredBodies } from "../domain/candidates/screening.ts";
import { levelLabel, ruleText, screeningText } from "../domain/candidates/screening-text.ts";
import { setShortlisted } from "../domain/candidates/shortlist-candidate.ts";
import { startRankingSurvey } from "../domain/candidates/start-ranking-survey.ts";
import { updateCandidateSettings, type SettingsChange } from "../domain/candidates/update-candidate-settings.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { END_OF_DAY } from "../domain/surveys/normalize-definition.ts";
import { bilingual, translator } from "../engine/i18n.ts";
import { fiscalYearOf, formatFiscalYear, localDateOf, parseFiscalYear } from "../lib/japanese/era.ts";
import { UserError } from "../lib/user-error.ts";
import { actorFor } from "./acting-person.ts";
import { withCli, type CliContext } from "./cli-context.ts";
import { headers } from "./cli-format.ts";

const t = translator("ja");

/** Who acts: a person (--as), recorded by name, or the CLI user. */
async function actorOf(ctx: CliContext, councilId: string, handle: string | undefined): Promise<string> {
  return actorFor(ctx, councilId, handle, "candidate.recordForOthers");
}

function fields(opts: {
  name?: string;
  category?: string;
  description?: string;
  product?: string[];
  cost?: string;
  link?: string[];
}): Partial<CandidateFields> {
  return {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.category !== undefined ? { category: opts.category } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.product ? { products: opts.product.flatMap(splitList) } : {}),
    ...(opts.cost !== undefined ? { roughCost: opts.cost } : {}),
    ...(opts.link ? { links: opts.link.flatMap(splitLinks) } : {}),
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

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

  const fieldOptions = (c: Command) =>
    c
      .option("--category <text>", "分類 / category")
      .option("--description <text>", "説明 / description")
      .option("--product <name>", "製品・事業者（繰り返し可） / product or vendor (repeatable)", collect)
      .option("--cost <text>", "概算費用 / rough cost")
      .option("--link <url>", "参考リンク（繰り返し可） / link (repeatable)", collect);

  fieldOptions(cmd.command("propose <name>").description("案件を登録します / propose a candidate"))
    .option("--as <handle>", "登録する事務局の担当者 / secretariat person")
    .action((name: string, opts: Parameters<typeof fields>[0] & { as?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const candidate = await proposeCandidate(
          ctx.db,
          { councilId: council.id, fields: { ...fields(opts), name }, proposedBy: await actorOf(ctx, council.id, opts.as) },
          new Date(),
        );
        ctx.out(bilingual("candidates.cli.proposed", { label: candidateLabel(candidate) }));
      }),
    );

  fieldOptions(
    cmd.command("edit <candidate>").description("案件の項目を変更します / edit a candidate").option("--name <text>", "名称 / name"),
  ).action((query: string, opts: Parameters<typeof fields>[0]) =>
    withCli(async (ctx) => {
      const council = await ctx.council();
      const candidate = await findCandidate(ctx.db, council.id, query);
      const { changed } = await editCandidate(ctx.db, { candidateId: candidate.id, changes: fields(opts), actor: ctx.actor }, new Date());
      ctx.out(
        changed.length > 0
          ? bilingual("candidates.edit.done", {
              label: candidateLabel(candidate),
              field: changed.map((f) => t(`candidates.fields.${f}`)).join("・"),
            })
          : bilingual("candidates.edit.unchanged", { label: candidateLabel(candidate) }),
      );
    }),
  );

  cmd
    .command("archive <candidate>")
    .description("案件をアーカイブします（--restore で戻す） / archive a candidate (--restore to bring it back)")
    .option("--reason <text>", "理由（調達済み、統合など） / reason")
    .option("--restore", "アーカイブを取り消す / restore")
    .action((query: string, opts: { reason?: string; restore?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const candidate = await findCandidate(ctx.db, council.id, query);
        const done = opts.restore
          ? await restoreCandidate(ctx.db, { candidateId: candidate.id, actor: ctx.actor }, new Date())
          : await archiveCandidate(ctx.db, { candidateId: candidate.id, reason: opts.reason, actor: ctx.actor }, new Date());
        ctx.out(bilingual(opts.restore ? "candidates.archive.restored" : "candidates.archive.done", { label: candidateLabel(done) }));
      }),
    );

  cmd
    .command("interest <candidate> <body> <level>")
    .description(
      "団体の関心を登録します（紙・メールでの回答の入力） / record a body's interest (level: 次年度導入予定 翌々年度導入予定 関心あり 情報収集 予定なし)",
    )
    .option("--fy <year>", "目標年度（令和9年度、2027） / target fiscal year")
    .option("--note <text>", "メモ / note")
    .option("--as <handle>", "入力する事務局の担当者 / secretariat person entering it")
    .action((query: string, bodyQuery: string, levelWord: string, opts: { fy?: string; note?: string; as?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const level = parseInterestLevel(levelWord);
        if (!level) throw new UserError("candidates.interest.unknownLevel", { word: levelWord });
        const fiscalYear = opts.fy === undefined ? undefined : parseFiscalYear(opts.fy);
        if (opts.fy !== undefined && fiscalYear === undefined) throw new UserError("candidates.interestFlow.badYear", {});
        const candidate = await findCandidate(ctx.db, council.id, query);
        const body = await findBody(ctx.db, council.id, bodyQuery);
        const now = new Date();
        const result = await recordInterest(
          ctx.db,
          {
            candidateId: candidate.id,
            bodyId: body.id,
            level,
            fiscalYear,
            note: opts.note,
            actor: await actorOf(ctx, council.id, opts.as),
            via: "cli",
            currentFiscalYear: fiscalYearOf(localDateOf(now, council.timezone)),
          },
          now,
        );
        const shown = levelLabel(t, level) + (result.interest.fiscalYear ? `（${formatFiscalYear(result.interest.fiscalYear)}）` : "");
        ctx.out(
          bilingual(result.unchanged ? "candidates.interest.unchanged" : "candidates.cli.recorded", {
            body: body.name,
            label: candidateLabel(candidate),
            level: shown,
          }),
        );
        if (result.screening) ctx.out(screeningText(t, result.screening));
        if (result.shortlistedNow)
          ctx.out(bilingual(result.notified > 0 ? "candidates.interest.shortlistedNow" : "candidates.interest.shortlistedNowUnnotified"));
      }),
    );

  cmd
    .command("history [candidate]")
    .description("関心の変更履歴（新しい順） / every recorded interest, newest first")
    .option("--body <body>", "団体で絞り込む / one body only")
    .action((query: string | undefined, opts: { body?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const candidate = query ? await findCandidate(ctx.db, council.id, query) : undefined;
        const body = opts.body ? await findBody(ctx.db, council.id, opts.body) : undefined;
        const history = await interestHistory(ctx.db, council.id, {
          ...(candidate ? { candidateId: candidate.id } : {}),
          ...(body ? { bodyId: body.id } : {}),
        });
        ctx.out(
          renderTable(
            headers("at", "no", "body", "level", "FY", "note", "by", "via", "current"),
            history.map((h) => [
              formatInstant(h.recordedAt, council.timezone, "ja"),
              String(h.candidateNumber),
              h.bodyName,
              levelLabel(t, h.level),
              h.fiscalYear ? formatFiscalYear(h.fiscalYear) : "",
              h.note,
              h.recordedBy,
              h.via,
              h.current ? "○" : "",
            ]),
          ),
        );
      }),
    );

  cmd
    .command("rule")
    .description("選定基準の表示・変更 / show or change the screening rule")
    .option("--threshold <share>", "割合（1/4、25%） / share of member bodies")
    .option("--levels <levels>", "数える関心度（次年度導入予定,翌々年度導入予定） / levels counted as intending")
    .option("--members-propose <on|off>", "会員団体の担当者も案件を登録できる / members may propose")
    .option(
      "--drop-below <on|off>",
      "基準を下回った選定済み案件を選定から外す（事務局には常に通知） / take candidates that fall below the rule off the shortlist",
    )
    .action((opts: { threshold?: string; levels?: string; membersPropose?: string; dropBelow?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const change: SettingsChange = {};
        if (opts.threshold !== undefined) {
          const share = parseThreshold(opts.threshold);
          if (!share) throw new UserError("candidates.rule.badThreshold", { value: opts.threshold });
          Object.assign(change, share);
        }
        if (opts.levels !== undefined) {
          const levels = parseLevelList(opts.levels);
          if (!levels) throw new UserError("candidates.rule.usage", {});
          change.countedLevels = levels;
        }
        if (opts.membersPropose !== undefined)
          change.membersMayPropose = ["on", "yes", "true", "可"].includes(opts.membersPropose.toLowerCase());
        if (opts.dropBelow !== undefined) change.dropBelowRule = ["on", "yes", "true", "可"].includes(opts.dropBelow.toLowerCase());
        const members = await memberCount(ctx.db, council.id);
        if (Object.keys(change).length > 0) {
          const { settings, shortlisted, unnotified, belowRule } = await updateCandidateSettings(
            ctx.db,
            { councilId: council.id, change, actor: ctx.actor },
            new Date(),
          );
          ctx.out(bilingual("candidates.rule.changed", { rule: ruleText(t, settings.rule) }));
          if (shortlisted.length > 0)
            ctx.out(
              bilingual(unnotified.length > 0 ? "candidates.rule.nowShortlistedUnnotified" : "candidates.rule.nowShortlisted", {
                numbers: shortlisted.map((n) => `案件${n}`).join("、"),
              }),
            );
          for (const below of belowRule)
            ctx.out(
              bilingual(below.dropped ? "candidates.rule.nowBelowDropped" : "candidates.rule.nowBelowKept", {
                number: below.number,
                notified: below.notified,
              }),
            );
        }
        const settings = await loadCandidateSettings(ctx.db, council.id);
        const required = Math.max(requiredBodies(members, settings.rule), 1);
        ctx.out(t("candidates.rule.current", { rule: ruleText(t, settings.rule) }));
        ctx.out(
          t("candidates.rule.numbers", { members, numerator: settings.rule.numerator, denominator: settings.rule.denominator, required }),
        );
        ctx.out(t(settings.membersMayPropose ? "candidates.rule.membersPropose" : "candidates.rule.secretariatProposes"));
        ctx.out(t(settings.dropBelowRule ? "candidates.rule.dropBelow" : "candidates.rule.keepBelow"));
      }),
    );

  cmd
    .command("shortlist <candidate>")
    .description("事務局の判断で選定します（--withdraw で取り消し） / shortlist by hand (--withdraw to take it off)")
    .option("--reason <text>", "理由 / reason")
    .option("--withdraw", "選定を取り消す / withdraw")
    .action((query: string, opts: { reason?: string; withdraw?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const candidate = await findCandidate(ctx.db, council.id, query);
        const { result } = await setShortlisted(
          ctx.db,
          { candidateId: candidate.id, shortlisted: !opts.withdraw, reason: opts.reason, actor: ctx.actor },
          new Date(),
        );
        ctx.out(
          bilingual(opts.withdraw ? "candidates.shortlist.withdrawn" : "candidates.shortlist.done", { label: candidateLabel(candidate) }),
        );
        ctx.out(screeningText(t, result));
      }),
    );

  cmd
    .command("ranking")
    .description("第2段階の順位付け調査を開始（--due）、または結果を表示 / start the ranking survey (--due) or show its result")
    .option("--due <date>", "期限 / deadline")
    .option("--points <points>", "配点（既定 2,1） / points per rank (default 2,1)")
    .option("--candidates <numbers>", "対象の案件（既定: 選定済み） / candidates (default: the shortlist), e.g. 2,5")
    .option("--survey <number>", "結果を表示する調査の番号 / which ranking survey to show")
    .option("--as <handle>", "事務局の担当者 / secretariat person")
    .action((opts: { due?: string; points?: string; candidates?: string; survey?: string; as?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        if (!opts.due) {
          const results = await rankingResults(ctx.db, council.id, opts.survey ? Number(opts.survey) : undefined);
          ctx.out(
            `${surveyTitle(results.survey)}  ${t("candidates.ranking.answered", { answered: results.answered, total: results.total, due: formatInstant(results.survey.dueAt, council.timezone, "ja") })}`,
          );
          ctx.out(
            renderTable(
              ["順位", "案件", "得点", ...results.points.map((p, i) => `${i + 1}位（${p}点）`)],
              results.ranked.map((r) => [String(r.place), `案件${r.number} ${r.name}`, String(r.points), ...r.byRank.map(String)]),
            ),
          );
          for (const tie of results.ties)
            ctx.out(t("candidates.ranking.tie", { candidates: tie.map((r) => `案件${r.number}`).join("・"), points: tie[0]!.points }));
          return;
        }
        const dueAt = parseDateTime(opts.due, council.timezone, END_OF_DAY);
        if (!dueAt) throw new UserError("cli.badDate", { value: opts.due });
        const points = opts.points === undefined ? undefined : parsePoints(opts.points);
        if (opts.points !== undefined && !points) throw new UserError("candidates.ranking.usage", {});
        const numbers = opts.candidates
          ?.split(/[,、\s]+/)
          .filter(Boolean)
          .map((n) => parseCandidateNumber(n) ?? Number.NaN);
        if (numbers?.some((n) => Number.isNaN(n))) throw new UserError("candidates.notFound", { query: opts.candidates });
        const created = await startRankingSurvey(
          ctx.db,
          {
            councilId: council.id,
            dueAt,
            createdBy: await actorOf(ctx, council.id, opts.as),
            ...(points ? { points } : {}),
            ...(numbers ? { numbers } : {}),
          },
          new Date(),
          council.timezone,
        );
        ctx.out(
          bilingual("candidates.cli.ranking", {
            survey: surveyTitle(created.survey),
            number: created.survey.number,
            bodies: created.bodies,
            due: formatInstant(created.survey.dueAt, council.timezone, "ja"),
          }),
        );
      }),
    );

  cmd
    .command("wg <candidate>")
    .description("関心のある団体でWGを設置します（再実行で新たな団体を追加） / form the candidate's working group (again: add new bodies)")
    .option("--slug <slug>", "会議体の識別子（既定 wg-<番号>） / organ slug")
    .option("--name <name>", "WGの名称（既定 <案件名>WG） / WG name")
    .option("--levels <levels>", `加える関心度（既定 ${WG_LEVELS.map((l) => levelLabel(t, l)).join(",")}） / levels that join`)
    .action((query: string, opts: { slug?: string; name?: string; levels?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const candidate = await findCandidate(ctx.db, council.id, query);
        const levels = opts.levels === undefined ? undefined : parseLevelList(opts.levels);
        if (opts.levels !== undefined && !levels) throw new UserError("candidates.rule.usage", {});
        const result = await formWorkingGroup(
          ctx.db,
          {
            candidateId: candidate.id,
            actor: ctx.actor,
            ...(opts.slug ? { slug: opts.slug } : {}),
            ...(opts.name ? { name: opts.name } : {}),
            ...(levels ? { levels } : {}),
          },
          new Date(),
        );
        ctx.out(bilingual("candidates.cli.wgFormed", { organ: result.organ.name, slug: result.organ.slug, count: result.added.length }));
        ctx.out(
          renderTable(
            headers("body", "representative"),
            await Promise.all(
              result.added.map(async (a) => [
                a.bodyName,
                a.representativeId ? ((await ctx.db.person.findUnique({ where: { id: a.representativeId } }))?.handle ?? "") : "—",
              ]),
            ),
          ),
        );
      }),
    );

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

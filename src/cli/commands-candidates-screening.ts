// kyodo candidates rule / shortlist / ranking / wg: the screening rule, shortlisting by hand, the ranking
// survey among shortlisted candidates and forming a working group.
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { loadCandidateSettings, memberCount } from "../domain/candidates/candidate-settings.ts";
import { candidateLabel, findCandidate, parseCandidateNumber } from "../domain/candidates/find-candidate.ts";
import { formWorkingGroup, WG_LEVELS } from "../domain/candidates/form-working-group.ts";
import { parseLevelList } from "../domain/candidates/interest-levels.ts";
import { parsePoints } from "../domain/candidates/ranking-definition.ts";
import { rankingResults } from "../domain/candidates/ranking-results.ts";
import { parseThreshold, requiredBodies } from "../domain/candidates/screening.ts";
import { levelLabel, ruleText, screeningText } from "../domain/candidates/screening-text.ts";
import { setShortlisted } from "../domain/candidates/shortlist-candidate.ts";
import { startRankingSurvey } from "../domain/candidates/start-ranking-survey.ts";
import { updateCandidateSettings, type SettingsChange } from "../domain/candidates/update-candidate-settings.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { END_OF_DAY } from "../domain/surveys/normalize-definition.ts";
import { bilingual, translator } from "../engine/i18n.ts";
import { UserError } from "../lib/user-error.ts";
import { withCli } from "./cli-context.ts";
import { headers } from "./cli-format.ts";
import { actorOf } from "./commands-candidates-edit.ts";

const t = translator("ja");

/** rule, shortlist, ranking and wg: the screening rule and what follows from it. */
export function registerCandidateScreeningCommands(cmd: Command): void {
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
}

// kyodo candidates propose / edit / archive / interest / history: entering candidates and the interest of
// bodies that came on paper or by email, and reading that history back.
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { archiveCandidate, restoreCandidate } from "../domain/candidates/archive-candidate.ts";
import { splitLinks, splitList, type CandidateFields } from "../domain/candidates/candidate-fields.ts";
import { editCandidate } from "../domain/candidates/edit-candidate.ts";
import { candidateLabel, findCandidate } from "../domain/candidates/find-candidate.ts";
import { interestHistory } from "../domain/candidates/interest-history.ts";
import { parseInterestLevel } from "../domain/candidates/interest-levels.ts";
import { proposeCandidate } from "../domain/candidates/propose-candidate.ts";
import { recordInterest } from "../domain/candidates/record-interest.ts";
import { levelLabel, screeningText } from "../domain/candidates/screening-text.ts";
import { bilingual, translator } from "../engine/i18n.ts";
import { fiscalYearOf, formatFiscalYear, localDateOf, parseFiscalYear } from "../lib/japanese/era.ts";
import { UserError } from "../lib/user-error.ts";
import { actorFor } from "./acting-person.ts";
import { withCli, type CliContext } from "./cli-context.ts";
import { headers } from "./cli-format.ts";

const t = translator("ja");

/** Who acts: a person (--as), recorded by name, or the CLI user. */
export async function actorOf(ctx: CliContext, councilId: string, handle: string | undefined): Promise<string> {
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

/** propose, edit, archive, interest and history: what the secretariat enters for the bodies. */
export function registerCandidateEditCommands(cmd: Command): void {
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
}

// The secretariat's candidate work in chat: edit, archive and restore a candidate, shortlist it by hand
// or take it off, form its working group, change the council's rule, and start (or read) the ranking
// survey. Each is one call to a domain use case; this file reads the words and words the answer.
import type { Context } from "../engine/context.ts";
import { COMMAND_ACTION } from "../engine/definitions.ts";
import { textMessage, type OutboundMessage } from "../engine/messages.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { archiveCandidate, restoreCandidate } from "../domain/candidates/archive-candidate.ts";
import { fieldFromText, parseField } from "../domain/candidates/candidate-fields.ts";
import { loadCandidateSettings, memberCount } from "../domain/candidates/candidate-settings.ts";
import { editCandidate } from "../domain/candidates/edit-candidate.ts";
import { candidateLabel, parseCandidateNumber, type CandidateRow } from "../domain/candidates/find-candidate.ts";
import { formWorkingGroup, WG_LEVELS } from "../domain/candidates/form-working-group.ts";
import { INTEREST_LEVELS, parseLevelList } from "../domain/candidates/interest-levels.ts";
import { parsePoints } from "../domain/candidates/ranking-definition.ts";
import { rankingResults } from "../domain/candidates/ranking-results.ts";
import { parseThreshold } from "../domain/candidates/screening.ts";
import { ruleText, screeningText } from "../domain/candidates/screening-text.ts";
import { setShortlisted } from "../domain/candidates/shortlist-candidate.ts";
import { startRankingSurvey } from "../domain/candidates/start-ranking-survey.ts";
import { updateCandidateSettings } from "../domain/candidates/update-candidate-settings.ts";
import { END_OF_DAY } from "../domain/surveys/normalize-definition.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { parseSurveyNumber } from "../domain/surveys/find-survey.ts";
import { nameKey } from "../lib/japanese/normalize.ts";
import { councilZone, isSecretariat, rankingMessage, ruleMessage } from "./candidates-render.ts";

const actorOf = (ctx: Context) => `person:${ctx.actor!.personId}`;
const is = (word: string | undefined, words: string[]) => word !== undefined && words.some((w) => nameKey(w) === nameKey(word));
const forbidden = (ctx: Context) => [textMessage(ctx.t("errors.forbidden"))];

export async function editFields(ctx: Context, candidate: CandidateRow, words: string[]): Promise<OutboundMessage[]> {
  const field = words[0] ? parseField(words[0]) : undefined;
  const value = words.slice(1).join(" ");
  if (!field || (!value && field === "name")) return [textMessage(ctx.t("candidates.edit.usage", { number: candidate.number }))];
  const { candidate: updated, changed } = await editCandidate(
    ctx.db,
    { candidateId: candidate.id, changes: { [field]: fieldFromText(field, value) }, actor: actorOf(ctx), personId: ctx.actor!.personId },
    ctx.now,
  );
  if (changed.length === 0) return [textMessage(ctx.t("candidates.edit.unchanged", { label: candidateLabel(updated, ctx.locale) }))];
  return [
    textMessage(ctx.t("candidates.edit.done", { label: candidateLabel(updated, ctx.locale), field: ctx.t(`candidates.fields.${field}`) })),
  ];
}

export async function archive(ctx: Context, candidate: CandidateRow, restore: boolean, reason: string): Promise<OutboundMessage[]> {
  if (!isSecretariat(ctx)) return forbidden(ctx);
  if (restore) {
    const restored = await restoreCandidate(ctx.db, { candidateId: candidate.id, actor: actorOf(ctx) }, ctx.now);
    return [textMessage(ctx.t("candidates.archive.restored", { label: candidateLabel(restored, ctx.locale) }))];
  }
  const archived = await archiveCandidate(ctx.db, { candidateId: candidate.id, reason, actor: actorOf(ctx) }, ctx.now);
  return [textMessage(ctx.t("candidates.archive.done", { label: candidateLabel(archived, ctx.locale) }))];
}

export async function shortlist(ctx: Context, candidate: CandidateRow, on: boolean, reason: string): Promise<OutboundMessage[]> {
  if (!isSecretariat(ctx)) return forbidden(ctx);
  const { candidate: updated, result } = await setShortlisted(
    ctx.db,
    { candidateId: candidate.id, shortlisted: on, reason, actor: actorOf(ctx) },
    ctx.now,
  );
  const label = candidateLabel(updated, ctx.locale);
  return [
    textMessage(
      [ctx.t(on ? "candidates.shortlist.done" : "candidates.shortlist.withdrawn", { label }), screeningText(ctx.t, result)].join("\n"),
    ),
  ];
}

export async function workingGroup(ctx: Context, candidate: CandidateRow, words: string[]): Promise<OutboundMessage[]> {
  if (!isSecretariat(ctx)) return forbidden(ctx);
  // 「全員」/ all: also the bodies only gathering information (情報収集).
  const all = words.some((w) => is(w, ["all", "全員", "情報収集も", "全部"]));
  const slug = words.find((w) => /^[a-z0-9][a-z0-9-]{0,39}$/.test(w) && !is(w, ["all"]));
  const levels = all ? INTEREST_LEVELS.filter((l) => l !== "none") : WG_LEVELS;
  const result = await formWorkingGroup(
    ctx.db,
    { candidateId: candidate.id, actor: actorOf(ctx), levels, ...(slug ? { slug } : {}) },
    ctx.now,
  );
  const vars = {
    organ: result.organ.name,
    slug: result.organ.slug,
    count: result.added.length,
    bodies: result.added.map((a) => a.bodyName).join("、") || ctx.t("common.none"),
    already: result.alreadySeated,
  };
  const lines = [ctx.t(result.created ? "candidates.wg.created" : "candidates.wg.updated", vars)];
  const noRep = result.added.filter((a) => !a.representativeId);
  if (noRep.length > 0)
    lines.push(ctx.t("candidates.wg.noRepresentative", { bodies: noRep.map((a) => a.bodyName).join("、"), slug: result.organ.slug }));
  if (result.notice && result.notice.unreachable.length > 0)
    lines.push(ctx.t("candidates.wg.unreachable", { count: result.notice.unreachable.length }));
  lines.push(ctx.t("candidates.wg.next", { slug: result.organ.slug, name: result.organ.name }));
  return [
    {
      text: lines.join("\n"),
      blocks: [
        { type: "text", text: lines.join("\n") },
        {
          type: "choices",
          actionId: COMMAND_ACTION,
          choices: [{ label: ctx.t("candidates.buttons.organ"), value: `organs ${result.organ.slug}` }],
        },
      ],
    },
  ];
}

export async function rule(ctx: Context, words: string[]): Promise<OutboundMessage[]> {
  const councilId = ctx.actor!.councilId;
  if (words.length === 0) return [ruleMessage(ctx, await loadCandidateSettings(ctx.db, councilId), await memberCount(ctx.db, councilId))];
  if (!isSecretariat(ctx)) return forbidden(ctx);
  const [first, ...rest] = words;
  const threshold = parseThreshold(first!);
  let change;
  if (threshold) change = threshold;
  else if (is(first, ["levels", "level", "数える", "対象", "関心度"])) {
    const countedLevels = parseLevelList(rest.join(","));
    if (!countedLevels) return [textMessage(ctx.t("candidates.rule.usage"))];
    change = { countedLevels };
  } else if (is(first, ["propose", "proposals", "提案", "会員提案"])) {
    const on = is(rest[0], ["on", "yes", "可", "許可", "はい", "あり"]);
    const off = is(rest[0], ["off", "no", "不可", "禁止", "いいえ", "なし"]);
    if (!on && !off) return [textMessage(ctx.t("candidates.rule.usage"))];
    change = { membersMayPropose: on };
  } else return [textMessage(ctx.t("candidates.rule.usage"))];
  const { settings, shortlisted, unnotified } = await updateCandidateSettings(ctx.db, { councilId, change, actor: actorOf(ctx) }, ctx.now);
  const lines = [ctx.t("candidates.rule.changed", { rule: ruleText(ctx.t, settings.rule) })];
  if (shortlisted.length > 0)
    lines.push(
      ctx.t(unnotified.length > 0 ? "candidates.rule.nowShortlistedUnnotified" : "candidates.rule.nowShortlisted", {
        numbers: shortlisted.map((n) => `${ctx.locale === "en" ? "#" : "案件"}${n}`).join("、"),
      }),
    );
  return [textMessage(lines.join("\n")), ruleMessage(ctx, settings, await memberCount(ctx.db, councilId))];
}

/**
 * `案件 順位調査 2027-04-30 [2,1] [案件2 案件5 …]` starts the ranking survey (the shortlist unless
 * candidates are named); `案件 順位調査` alone, or with a survey number, shows the result.
 */
export async function ranking(ctx: Context, words: string[]): Promise<OutboundMessage[]> {
  const zone = await councilZone(ctx);
  const dueAt = words[0] ? parseDateTime(words[0], zone, END_OF_DAY) : undefined;
  if (!dueAt) {
    const number = words[0] ? parseSurveyNumber(words[0]) : undefined;
    if (words[0] && number === undefined && !is(words[0], ["results", "result", "結果"]))
      return [textMessage(ctx.t("candidates.ranking.usage"))];
    return [rankingMessage(ctx, await rankingResults(ctx.db, ctx.actor!.councilId, number), zone)];
  }
  if (!isSecretariat(ctx)) return forbidden(ctx);
  let points: number[] | undefined;
  const numbers: number[] = [];
  for (const word of words.slice(1)) {
    const n = /^(案件|#|c)/i.test(word) ? parseCandidateNumber(word) : undefined;
    if (n !== undefined) numbers.push(n);
    else if (!points && parsePoints(word)) points = parsePoints(word);
    else return [textMessage(ctx.t("candidates.ranking.usage"))];
  }
  const created = await startRankingSurvey(
    ctx.db,
    {
      councilId: ctx.actor!.councilId,
      dueAt,
      createdBy: actorOf(ctx),
      ...(points ? { points } : {}),
      ...(numbers.length > 0 ? { numbers } : {}),
    },
    ctx.now,
    zone,
  );
  const text = ctx.t("candidates.ranking.started", {
    survey: surveyTitle(created.survey, ctx.locale),
    candidates: created.candidates.map((c) => candidateLabel(c, ctx.locale)).join("、"),
    weights: (points ?? [2, 1])
      .map((p, i) => ctx.t("candidates.ranking.weight", { rank: i + 1, points: p }))
      .join(ctx.t("candidates.listSeparator")),
    bodies: created.bodies,
    due: formatInstant(created.survey.dueAt, zone, ctx.locale),
    number: created.survey.number,
  });
  return [
    {
      text,
      blocks: [
        { type: "text", text },
        {
          type: "choices",
          actionId: COMMAND_ACTION,
          choices: [
            {
              label: ctx.t("candidates.buttons.surveyStatus", { number: created.survey.number }),
              value: `survey ${created.survey.number} status`,
            },
          ],
        },
      ],
    },
  ];
}

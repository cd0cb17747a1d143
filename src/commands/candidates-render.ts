// How candidates look in chat: the board (counts per level and the screening), one candidate's card
// (its fields, the bodies at each level, the screening with its numbers, the monthly trend, the WG),
// interest histories and the council's rule. Pure functions of the domain's read models.
import { permits, type Context } from "../engine/context.ts";
import { COMMAND_ACTION } from "../engine/definitions.ts";
import type { Block, Choice, OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { candidateState } from "../domain/candidates/board-tables.ts";
import type { Board, BoardEntry } from "../domain/candidates/candidate-board.ts";
import type { CandidateSettings } from "../domain/candidates/candidate-settings.ts";
import { candidateLabel } from "../domain/candidates/find-candidate.ts";
import type { HistoryEntry } from "../domain/candidates/interest-history.ts";
import { INTEREST_LEVELS } from "../domain/candidates/interest-levels.ts";
import type { TrendPoint } from "../domain/candidates/interest-trend.ts";
import type { RankingResults } from "../domain/candidates/ranking-results.ts";
import { requiredBodies } from "../domain/candidates/screening.ts";
import { levelLabel, ruleText, screeningText } from "../domain/candidates/screening-text.ts";
import { surveyTitle } from "../domain/surveys/create-survey.ts";
import { fiscalYearOf, formatFiscalYear, localDateOf } from "../lib/japanese/era.ts";

/** Buttons per message: more would crowd a chat (and LINE shows few); the rest are reached by number. */
const MAX_BUTTONS = 8;

export { councilZone } from "./council-zone.ts";

export function currentFiscalYear(ctx: Context, zone: string): number {
  return fiscalYearOf(localDateOf(ctx.now, zone));
}

/** 次年度導入予定（令和9年度） / Plan to adopt next FY (FY2027): a text with its fiscal year, when there is one. */
export function withYear(ctx: Context, text: string, fy: number | null | undefined): string {
  return fy === null || fy === undefined ? text : ctx.t("candidates.withYear", { text, year: fiscalYearText(ctx, fy) });
}

/** 令和9年度 in Japanese, FY2027 in English. */
export function fiscalYearText(ctx: Context, fy: number | null | undefined): string {
  if (fy === null || fy === undefined) return "";
  return ctx.locale === "en" ? `FY${fy}` : formatFiscalYear(fy);
}

export const isSecretariat = (ctx: Context) => permits(ctx.actor, "candidate.manage");

function stateText(ctx: Context, entry: BoardEntry): string {
  return candidateState(ctx.t, entry);
}

export function boardMessage(ctx: Context, board: Board): OutboundMessage {
  const title = ctx.t("candidates.board.title", { members: board.members });
  if (board.entries.length === 0) {
    const text = ctx.t("candidates.board.empty");
    return {
      text,
      blocks: [
        { type: "header", text: title },
        { type: "text", text },
        ...(isSecretariat(ctx) || board.settings.membersMayPropose ? [proposeButton(ctx)] : []),
      ],
    };
  }
  const required = Math.max(requiredBodies(board.members, board.settings.rule), 1);
  const rows = board.entries.map((e) => [
    candidateLabel(e.candidate, ctx.locale),
    ...INTEREST_LEVELS.map((l) => String(e.counts[l])),
    String(board.members - e.answered),
    `${e.screening.intending}/${required}`,
    stateText(ctx, e),
  ]);
  const columns = [
    ctx.t("candidates.columns.candidate"),
    ...INTEREST_LEVELS.map((l) => ctx.t(`candidates.levelsShort.${l}`)),
    ctx.t("candidates.columns.noAnswer"),
    ctx.t("candidates.columns.intending"),
    ctx.t("candidates.columns.state"),
  ];
  const choices: Choice[] = board.entries
    .slice(0, MAX_BUTTONS)
    .map((e) => ({ label: ctx.t("candidates.buttons.show", { number: e.candidate.number }), value: `candidates ${e.candidate.number}` }));
  choices.push({ label: ctx.t("candidates.buttons.myInterest"), value: "interest", style: "primary" });
  const blocks: Block[] = [
    { type: "header", text: title },
    { type: "table", columns, rows },
    { type: "context", text: ctx.t("candidates.board.rule", { rule: ruleText(ctx.t, board.settings.rule), required }) },
    { type: "choices", actionId: COMMAND_ACTION, choices },
  ];
  return { text: `${title}\n${rows.map((r) => `${r[0]}: ${r.at(-2)} ${r.at(-1)}`).join("\n")}`, blocks };
}

function proposeButton(ctx: Context): Block {
  return {
    type: "choices",
    actionId: COMMAND_ACTION,
    choices: [{ label: ctx.t("candidates.buttons.propose"), value: "candidates new", style: "primary" }],
  };
}

function trendBlock(ctx: Context, trend: TrendPoint[]): Block {
  return {
    type: "table",
    caption: ctx.t("candidates.detail.trend"),
    columns: [
      ctx.t("candidates.columns.month"),
      ...INTEREST_LEVELS.map((l) => ctx.t(`candidates.levelsShort.${l}`)),
      ctx.t("candidates.columns.answered"),
    ],
    rows: trend.map((p) => [p.label, ...INTEREST_LEVELS.map((l) => String(p.counts[l])), String(p.answered)]),
  };
}

export function detailMessage(
  ctx: Context,
  board: Board,
  entry: BoardEntry,
  trend: TrendPoint[],
  zone: string,
  proposer: string,
): OutboundMessage {
  const c = entry.candidate;
  const none = ctx.t("common.none");
  const title = candidateLabel(c, ctx.locale);
  const fields = [
    { label: ctx.t("candidates.fields.category"), value: c.category || none },
    { label: ctx.t("candidates.fields.description"), value: c.description || none },
    { label: ctx.t("candidates.fields.products"), value: entry.products.join(ctx.t("candidates.listSeparator")) || none },
    { label: ctx.t("candidates.fields.roughCost"), value: c.roughCost || none },
    { label: ctx.t("candidates.fields.links"), value: entry.links.join("\n") || none },
    {
      label: ctx.t("candidates.fields.proposedBy"),
      value: ctx.t("candidates.withYear", { text: proposer, year: formatInstant(c.createdAt, zone, ctx.locale) }),
    },
    { label: ctx.t("candidates.fields.state"), value: stateText(ctx, entry) + (c.archiveReason ? `: ${c.archiveReason}` : "") },
  ];
  const levelRows = INTEREST_LEVELS.map((l) => [
    levelLabel(ctx.t, l),
    String(entry.counts[l]),
    entry.bodies[l].map((b) => withYear(ctx, b.name, b.fiscalYear)).join("、") || "—",
  ]);
  levelRows.push([ctx.t("candidates.columns.noAnswer"), String(board.members - entry.answered), ""]);
  const screening = [
    ctx.t("candidates.detail.rule", { rule: ruleText(ctx.t, board.settings.rule) }),
    screeningText(ctx.t, entry.screening),
  ];
  if (c.shortlistedAt && entry.basis) {
    const at = formatInstant(c.shortlistedAt, zone, ctx.locale);
    screening.push(
      entry.basis.mode === "manual"
        ? ctx.t("candidates.detail.shortlistedManual", { at, reason: entry.basis.reason ?? none })
        : ctx.t("candidates.detail.shortlistedAuto", {
            at,
            intending: entry.basis.result.intending,
            required: Math.max(entry.basis.result.required, 1),
          }),
    );
  } else if (entry.basis?.mode === "withdrawn")
    screening.push(ctx.t("candidates.detail.withdrawn", { reason: entry.basis.reason ?? none }));
  if (entry.workingGroup)
    screening.push(
      ctx.t("candidates.detail.wg", { name: entry.workingGroup.name, seats: entry.workingGroup.seats, slug: entry.workingGroup.slug }),
    );
  const choices: Choice[] = [];
  if (!c.archivedAt)
    choices.push({ label: ctx.t("candidates.buttons.answer", { number: c.number }), value: `interest ${c.number}`, style: "primary" });
  if (isSecretariat(ctx) && !c.archivedAt) {
    choices.push({
      label: ctx.t(entry.workingGroup ? "candidates.buttons.updateWg" : "candidates.buttons.formWg"),
      value: `candidates ${c.number} wg`,
    });
    if (!c.shortlistedAt) choices.push({ label: ctx.t("candidates.buttons.shortlist"), value: `candidates ${c.number} shortlist` });
    choices.push({ label: ctx.t("candidates.buttons.history"), value: `candidates ${c.number} history` });
  }
  const blocks: Block[] = [
    { type: "header", text: title },
    { type: "fields", fields },
    {
      type: "table",
      caption: ctx.t("candidates.detail.levels"),
      columns: [ctx.t("candidates.columns.level"), ctx.t("candidates.columns.bodies"), ctx.t("candidates.columns.bodyNames")],
      rows: levelRows,
    },
    { type: "text", text: screening.join("\n") },
    trendBlock(ctx, trend),
    ...(choices.length > 0 ? [{ type: "choices" as const, actionId: COMMAND_ACTION, choices }] : []),
  ];
  return { text: `${title}\n${screening.join("\n")}`, blocks };
}

export function historyMessage(ctx: Context, title: string, history: HistoryEntry[], zone: string): OutboundMessage {
  if (history.length === 0)
    return {
      text: ctx.t("candidates.history.none"),
      blocks: [
        { type: "header", text: title },
        { type: "text", text: ctx.t("candidates.history.none") },
      ],
    };
  const rows = history.map((h) => [
    formatInstant(h.recordedAt, zone, ctx.locale),
    `${ctx.locale === "en" ? "#" : "案件"}${h.candidateNumber}`,
    h.bodyName,
    withYear(ctx, levelLabel(ctx.t, h.level), h.fiscalYear),
    h.note,
    h.recordedBy,
    h.current ? ctx.t("candidates.history.current") : "",
  ]);
  const columns = ["at", "candidate", "body", "level", "note", "by", "current"].map((k) => ctx.t(`candidates.history.columns.${k}`));
  return {
    text: `${title}\n${rows.map((r) => r.join(" ")).join("\n")}`,
    blocks: [
      { type: "header", text: title },
      { type: "table", columns, rows },
    ],
  };
}

export function ruleMessage(ctx: Context, settings: CandidateSettings, members: number): OutboundMessage {
  const title = ctx.t("candidates.rule.title");
  const required = Math.max(requiredBodies(members, settings.rule), 1);
  const lines = [
    ctx.t("candidates.rule.current", { rule: ruleText(ctx.t, settings.rule) }),
    ctx.t("candidates.rule.numbers", { members, numerator: settings.rule.numerator, denominator: settings.rule.denominator, required }),
    ctx.t(settings.membersMayPropose ? "candidates.rule.membersPropose" : "candidates.rule.secretariatProposes"),
    ...(settings.stored ? [] : [ctx.t("candidates.rule.default")]),
    ...(isSecretariat(ctx) ? [ctx.t("candidates.rule.howToChange")] : []),
  ];
  return {
    text: `${title}\n${lines.join("\n")}`,
    blocks: [
      { type: "header", text: title },
      { type: "text", text: lines.join("\n") },
    ],
  };
}

export function rankingMessage(ctx: Context, results: RankingResults, zone: string): OutboundMessage {
  const title = ctx.t("candidates.ranking.resultsTitle", { survey: surveyTitle(results.survey, ctx.locale) });
  const rows = results.ranked.map((r) => [
    String(r.place),
    `${ctx.locale === "en" ? "Candidate " : "案件"}${r.number} ${r.name}`,
    String(r.points),
    r.byRank.map((n, i) => ctx.t("candidates.ranking.byRank", { rank: i + 1, count: n })).join(" "),
  ]);
  const lines = [
    ctx.t("candidates.ranking.weights", {
      weights: results.points
        .map((p, i) => ctx.t("candidates.ranking.weight", { rank: i + 1, points: p }))
        .join(ctx.t("candidates.listSeparator")),
    }),
    ctx.t("candidates.ranking.answered", {
      answered: results.answered,
      total: results.total,
      due: formatInstant(results.survey.dueAt, zone, ctx.locale),
    }),
    ...results.ties.map((g) =>
      ctx.t("candidates.ranking.tie", {
        candidates: g.map((r) => `${ctx.locale === "en" ? "#" : "案件"}${r.number}`).join(ctx.t("candidates.listSeparator")),
        points: g[0]!.points,
      }),
    ),
  ];
  const columns = ["place", "candidate", "points", "byRank"].map((k) => ctx.t(`candidates.ranking.columns.${k}`));
  return {
    text: `${title}\n${lines.join("\n")}`,
    blocks: [
      { type: "header", text: title },
      { type: "table", columns, rows },
      { type: "text", text: lines.join("\n") },
    ],
  };
}

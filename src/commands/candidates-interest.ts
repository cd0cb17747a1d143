// `/kyodo 関心` (interest): a body's interest in the procurement candidates.
//   関心                                   my body's level for every active candidate, with buttons to answer
//   関心 3                                 answer for candidate 3 step by step (level → target year → note)
//   関心 3 次年度導入予定 [令和9年度] [メモ]   answer in one line (typed words: 来年度, 関心あり, なし …)
//   関心 3 履歴                             how my body's answer changed (the secretariat: every body)
//   関心 3 銚子市 …                         for another body: staff of several bodies, or the secretariat
import type { Context } from "../engine/context.ts";
import { COMMAND_ACTION, type CommandDefinition, type CommandResult } from "../engine/definitions.ts";
import { textMessage, type Block, type Choice, type OutboundMessage } from "../engine/messages.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { DomainError } from "../domain/errors.ts";
import { candidateLabel, findCandidate, listCandidates, parseCandidateNumber } from "../domain/candidates/find-candidate.ts";
import { interestHistory } from "../domain/candidates/interest-history.ts";
import { parseInterestLevel, type InterestLevel } from "../domain/candidates/interest-levels.ts";
import { recordInterest } from "../domain/candidates/record-interest.ts";
import { levelLabel, screeningText } from "../domain/candidates/screening-text.ts";
import { parseFiscalYear } from "../lib/japanese/era.ts";
import { nameKey } from "../lib/japanese/normalize.ts";
import { councilZone, currentFiscalYear, fiscalYearText, historyMessage, isSecretariat, withYear } from "./candidates-render.ts";

export const INTEREST_FLOW = "candidate-interest";
const HISTORY_WORDS = ["history", "履歴", "変更履歴", "log"];

/** The bodies a person answers for: the ones they work for. */
export async function myBodies(ctx: Context) {
  const memberships = await ctx.db.staffMembership.findMany({
    where: { personId: ctx.actor!.personId, endedAt: null },
    include: { body: true },
    orderBy: { startedAt: "asc" },
  });
  return memberships.map((m) => m.body).filter((b) => b.active);
}

/** The body named in the words, or the person's only body; staff answer for their own bodies only. */
export async function chooseBody(ctx: Context, query: string | undefined) {
  const mine = await myBodies(ctx);
  if (query) {
    const body = await findBody(ctx.db, ctx.actor!.councilId, query);
    if (!mine.some((b) => b.id === body.id) && !isSecretariat(ctx))
      throw new DomainError("candidates.interest.notStaff", { body: body.name });
    return body;
  }
  if (mine.length === 0) throw new DomainError("candidates.interest.noBody", {});
  if (mine.length > 1) throw new DomainError("candidates.interest.whichBody", { bodies: mine.map((b) => b.name).join("、") });
  return mine[0]!;
}

/** The confirmation after recording: the level and year, what it was before, and where the candidate stands. */
export function recordedMessage(ctx: Context, result: Awaited<ReturnType<typeof recordInterest>>, zone: string): OutboundMessage {
  const label = candidateLabel(result.candidate, ctx.locale);
  const level = withYear(ctx, levelLabel(ctx.t, result.interest.level as InterestLevel), result.interest.fiscalYear);
  if (result.unchanged) return textMessage(ctx.t("candidates.interest.unchanged", { body: result.body.name, label, level }));
  const lines = [ctx.t("candidates.interest.recorded", { body: result.body.name, label, level })];
  if (result.interest.note) lines.push(ctx.t("candidates.interest.noteLine", { note: result.interest.note }));
  if (result.previous)
    lines.push(
      ctx.t("candidates.interest.previous", {
        level: levelLabel(ctx.t, result.previous.level as InterestLevel),
        at: formatInstant(result.previous.recordedAt, zone, ctx.locale),
      }),
    );
  if (result.screening) lines.push(screeningText(ctx.t, result.screening));
  if (result.shortlistedNow)
    lines.push(ctx.t(result.notified > 0 ? "candidates.interest.shortlistedNow" : "candidates.interest.shortlistedNowUnnotified"));
  const header = ctx.t("candidates.interest.recordedHeader");
  return {
    text: lines.join("\n"),
    blocks: [
      { type: "header", text: header },
      { type: "text", text: lines.join("\n") },
      {
        type: "choices",
        actionId: COMMAND_ACTION,
        choices: [
          { label: ctx.t("candidates.buttons.myInterest"), value: "interest" },
          { label: ctx.t("candidates.buttons.show", { number: result.candidate.number }), value: `candidates ${result.candidate.number}` },
        ],
      },
    ],
  };
}

async function list(ctx: Context): Promise<OutboundMessage[]> {
  const zone = await councilZone(ctx);
  const candidates = await listCandidates(ctx.db, ctx.actor!.councilId);
  if (candidates.length === 0) return [textMessage(ctx.t("candidates.board.empty"))];
  const bodies = await myBodies(ctx);
  if (bodies.length === 0) return [textMessage(ctx.t("candidates.interest.noBody"))];
  const rows = await ctx.db.candidateInterest.findMany({
    where: { candidateId: { in: candidates.map((c) => c.id) }, bodyId: { in: bodies.map((b) => b.id) }, current: true },
  });
  const messages: OutboundMessage[] = [];
  for (const [i, body] of bodies.entries()) {
    const title = ctx.t("candidates.interest.listTitle", { body: body.name });
    const table = candidates.map((c) => {
      const row = rows.find((r) => r.candidateId === c.id && r.bodyId === body.id);
      return [
        candidateLabel(c, ctx.locale),
        row ? levelLabel(ctx.t, row.level as InterestLevel) : ctx.t("candidates.interest.notAnswered"),
        fiscalYearText(ctx, row?.fiscalYear),
        row?.note ?? "",
        row ? formatInstant(row.recordedAt, zone, ctx.locale) : "",
      ];
    });
    const blocks: Block[] = [
      { type: "header", text: title },
      {
        type: "table",
        columns: ["candidate", "level", "fiscalYear", "note", "updated"].map((k) => ctx.t(`candidates.interest.columns.${k}`)),
        rows: table,
      },
    ];
    // Buttons on the last message only: the console numbers the last list shown.
    if (i === bodies.length - 1) {
      const unanswered = candidates.filter((c) => !rows.some((r) => r.candidateId === c.id && r.bodyId === body.id));
      const ordered = [...unanswered, ...candidates.filter((c) => !unanswered.includes(c))].slice(0, 8);
      const suffix = bodies.length > 1 ? ` ${body.name}` : "";
      const choices: Choice[] = ordered.map((c) => ({
        label: ctx.t("candidates.buttons.answer", { number: c.number }),
        value: `interest ${c.number}${suffix}`,
        ...(unanswered.includes(c) ? { style: "primary" as const } : {}),
      }));
      blocks.push({ type: "context", text: ctx.t("candidates.interest.hint") }, { type: "choices", actionId: COMMAND_ACTION, choices });
    }
    messages.push({ text: `${title}\n${table.map((r) => `${r[0]}: ${r[1]}`).join("\n")}`, blocks });
  }
  return messages;
}

/** A candidate's interest history: the secretariat sees every body's changes, staff their own body's. */
export async function history(ctx: Context, candidateQuery: string, bodyQuery: string | undefined): Promise<OutboundMessage[]> {
  const candidate = await findCandidate(ctx.db, ctx.actor!.councilId, candidateQuery);
  const zone = await councilZone(ctx);
  const body = bodyQuery || !isSecretariat(ctx) ? await chooseBody(ctx, bodyQuery) : undefined;
  const entries = await interestHistory(ctx.db, ctx.actor!.councilId, { candidateId: candidate.id, ...(body ? { bodyId: body.id } : {}) });
  const title = ctx.t("candidates.history.title", {
    label: candidateLabel(candidate, ctx.locale),
    scope: body?.name ?? ctx.t("candidates.history.allBodies"),
  });
  return [historyMessage(ctx, title, entries, zone)];
}

/** `関心 3 [団体] 次年度導入予定 [令和9年度] [メモ…]`: everything typed at once. */
async function oneLine(ctx: Context, candidateQuery: string, words: string[]): Promise<CommandResult> {
  let rest = words;
  let bodyQuery: string | undefined;
  if (rest[0] && !parseInterestLevel(rest[0]) && !HISTORY_WORDS.some((w) => nameKey(w) === nameKey(rest[0]!))) {
    // Not a level: a body's name — or a level nobody knows, which deserves that answer rather than "no such body".
    const found = await findBody(ctx.db, ctx.actor!.councilId, rest[0]).catch((error: unknown) => {
      if (error instanceof DomainError && error.key === "bodies.notFound") return undefined;
      throw error;
    });
    if (!found) throw new DomainError("candidates.interest.unknownLevel", { word: rest[0] });
    bodyQuery = found.name;
    rest = rest.slice(1);
  }
  if (rest[0] && HISTORY_WORDS.some((w) => nameKey(w) === nameKey(rest[0]!))) return history(ctx, candidateQuery, bodyQuery);
  const candidate = await findCandidate(ctx.db, ctx.actor!.councilId, candidateQuery);
  const body = await chooseBody(ctx, bodyQuery);
  const level = rest[0] ? parseInterestLevel(rest[0]) : undefined;
  if (!level) return { startFlow: INTEREST_FLOW, args: [String(candidate.number), body.id] };
  const zone = await councilZone(ctx);
  const fiscalYear = rest[1] ? parseFiscalYear(rest[1]) : undefined;
  const note = rest.slice(fiscalYear !== undefined ? 2 : 1).join(" ");
  const result = await recordInterest(
    ctx.db,
    {
      candidateId: candidate.id,
      bodyId: body.id,
      level,
      fiscalYear,
      note,
      personId: ctx.actor!.personId,
      actor: `person:${ctx.actor!.personId}`,
      via: ctx.ref.platform,
      currentFiscalYear: currentFiscalYear(ctx, zone),
    },
    ctx.now,
  );
  return [recordedMessage(ctx, result, zone)];
}

export const interestCommand: CommandDefinition = {
  name: "interest",
  aliases: ["関心", "関心度", "希望調査", "導入意向", "interests"],
  access: "member",
  async run(ctx, args): Promise<CommandResult> {
    const [first, ...rest] = args;
    if (!first) return list(ctx);
    if (parseCandidateNumber(first) === undefined) return [textMessage(ctx.t("candidates.interest.usage"))];
    return oneLine(ctx, first, rest);
  },
};

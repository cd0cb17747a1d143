// `/kyodo 案件` (candidates): the joint-procurement candidates (共同調達の候補案件) and the council's board.
//   案件                         the board: bodies per interest level and the screening, per candidate
//   案件 3                        one candidate: its fields, the bodies at each level, the screening and
//                                the numbers behind it, the trend by month, its WG
//   案件 new [名称]               propose one (the secretariat; members when the council allows it)
//   案件 3 edit 分類 業務効率化    correct a field (the secretariat or the proposer)
//   案件 3 history                interest history (the secretariat: every body)
//   案件 基準 [1/3 | levels … | propose on|off]   the screening rule; the secretariat changes it
//   secretariat: 案件 3 archive|restore|shortlist|unshortlist|wg, 案件 順位調査 <期限> [2,1]
import type { Context } from "../engine/context.ts";
import type { CommandDefinition, CommandResult } from "../engine/definitions.ts";
import { textMessage, type OutboundMessage } from "../engine/messages.ts";
import type { Registry } from "../engine/registry.ts";
import { candidateTrend, loadBoard } from "../domain/candidates/candidate-board.ts";
import { findCandidate, parseCandidateNumber, type CandidateRow } from "../domain/candidates/find-candidate.ts";
import { nameKey } from "../lib/japanese/normalize.ts";
import { history, interestCommand } from "./candidates-interest.ts";
import { interestFlow } from "./candidates-interest-flow.ts";
import { candidatesHomeSection } from "./candidates-home.ts";
import { archive, editFields, ranking, rule, shortlist, workingGroup } from "./candidates-manage.ts";
import { PROPOSE_FLOW, proposeFlow } from "./candidates-propose-flow.ts";
import { boardMessage, councilZone, detailMessage } from "./candidates-render.ts";
import { addHomeSection } from "./home-sections.ts";

const WORDS = {
  all: ["all", "archived", "全部", "すべて", "アーカイブ済み", "過去"],
  new: ["new", "propose", "add", "新規", "提案", "登録", "追加"],
  rule: ["rule", "rules", "screening", "基準", "選定基準", "ルール"],
  ranking: ["ranking", "rank", "順位", "順位調査", "順位付け", "第2段階"],
  edit: ["edit", "編集", "修正", "変更"],
  archive: ["archive", "アーカイブ", "終了", "完了"],
  restore: ["restore", "unarchive", "復元", "戻す"],
  shortlist: ["shortlist", "選定", "候補選定"],
  unshortlist: ["unshortlist", "withdraw", "選定取消", "選定取り消し", "取消"],
  wg: ["wg", "working-group", "ワーキンググループ", "wg作成", "wg設置"],
  history: ["history", "履歴", "変更履歴"],
} as const;

const is = (word: string | undefined, key: keyof typeof WORDS) =>
  word !== undefined && WORDS[key].some((w) => nameKey(w) === nameKey(word));

async function board(ctx: Context, includeArchived: boolean): Promise<OutboundMessage[]> {
  return [boardMessage(ctx, await loadBoard(ctx.db, ctx.actor!.councilId, { includeArchived }))];
}

async function personName(ctx: Context, actor: string): Promise<string> {
  if (!actor.startsWith("person:")) return actor;
  return (await ctx.db.person.findUnique({ where: { id: actor.slice("person:".length) } }))?.displayName ?? "?";
}

async function detail(ctx: Context, candidate: CandidateRow): Promise<OutboundMessage[]> {
  const zone = await councilZone(ctx);
  const loaded = await loadBoard(ctx.db, ctx.actor!.councilId, { candidates: [candidate] });
  const trend = await candidateTrend(ctx.db, candidate, ctx.now, zone);
  return [detailMessage(ctx, loaded, loaded.entries[0]!, trend, zone, await personName(ctx, candidate.proposedBy))];
}

async function onCandidate(ctx: Context, query: string, sub: string | undefined, rest: string[]): Promise<OutboundMessage[]> {
  const candidate = await findCandidate(ctx.db, ctx.actor!.councilId, query);
  if (!sub) return detail(ctx, candidate);
  if (is(sub, "edit")) return editFields(ctx, candidate, rest);
  if (is(sub, "history")) return history(ctx, String(candidate.number), rest[0]);
  if (is(sub, "archive")) return archive(ctx, candidate, false, rest.join(" "));
  if (is(sub, "restore")) return archive(ctx, candidate, true, "");
  if (is(sub, "shortlist")) return shortlist(ctx, candidate, true, rest.join(" "));
  if (is(sub, "unshortlist")) return shortlist(ctx, candidate, false, rest.join(" "));
  if (is(sub, "wg")) return workingGroup(ctx, candidate, rest);
  return [textMessage(ctx.t("candidates.usage"))];
}

export const candidatesCommand: CommandDefinition = {
  name: "candidates",
  aliases: ["candidate", "案件", "候補", "候補案件", "共同調達"],
  access: "member",
  async run(ctx, args): Promise<CommandResult> {
    const [first, second, ...rest] = args;
    if (!first) return board(ctx, false);
    if (is(first, "all")) return board(ctx, true);
    if (is(first, "new")) return { startFlow: PROPOSE_FLOW, args: second ? [second, ...rest] : [] };
    if (is(first, "rule")) return rule(ctx, second ? [second, ...rest] : []);
    if (is(first, "ranking")) return ranking(ctx, second ? [second, ...rest] : []);
    if (parseCandidateNumber(first) !== undefined) return onCandidate(ctx, first, second, rest);
    // A name typed after 案件 (案件 AI議事録) finds the candidate too.
    return onCandidate(ctx, [first, second, ...rest].filter(Boolean).join(" "), undefined, []);
  },
};

/** Registers the candidate commands, flows and home section (one line in commands/index.ts). */
export function addCandidateCommands(registry: Registry): Registry {
  return registry.addCommand(candidatesCommand).addCommand(interestCommand).addFlow(interestFlow).addFlow(proposeFlow);
}

addHomeSection(candidatesHomeSection);

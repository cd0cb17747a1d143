// `/kyodo 関心 3`: a body's interest in one candidate, step by step. The candidate is shown with the
// body's current answer; then the level (buttons, a number, or typed words such as 来年度 or 関心あり),
// the target fiscal year (the year a plan implies is offered first), and an optional note. Recording it
// is one call to the domain, which keeps the earlier answer in the history and screens the candidate.
import { z } from "zod";
import type { Context } from "../engine/context.ts";
import { FLOW_ACTION_PREFIX, type FlowDefinition, type FlowInput, type FlowStep } from "../engine/definitions.ts";
import { textMessage, type Block, type Choice, type OutboundMessage } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { candidateLabel, findCandidate, stringList } from "../domain/candidates/find-candidate.ts";
import {
  impliedFiscalYear,
  INTEREST_LEVELS,
  isInterestLevel,
  parseInterestLevel,
  type InterestLevel,
} from "../domain/candidates/interest-levels.ts";
import { recordInterest } from "../domain/candidates/record-interest.ts";
import { levelLabel } from "../domain/candidates/screening-text.ts";
import { DomainError } from "../domain/errors.ts";
import { parseFiscalYear } from "../lib/japanese/era.ts";
import { nameKey, normalizeInput } from "../lib/japanese/normalize.ts";
import { INTEREST_FLOW, recordedMessage } from "./candidates-interest.ts";
import { councilZone, currentFiscalYear, fiscalYearText, withYear } from "./candidates-render.ts";

const ACTION = `${FLOW_ACTION_PREFIX}${INTEREST_FLOW}`;
const NO_YEAR = "none";
const NO_NOTE = "-";
const KEEP_NOTE = "keep";
const NO_NOTE_WORDS = ["なし", "無し", "特になし", "スキップ", "none", "skip", "no"].map(nameKey);

interface FlowData {
  candidate: number;
  bodyId: string;
  bodyName: string;
  level?: InterestLevel;
  /** a fiscal year, or null for none */
  fiscalYear?: number | null;
  previousNote?: string;
  [key: string]: unknown;
}

const ask = (text: string, choices: Choice[]): OutboundMessage => ({
  text,
  blocks: [{ type: "choices", actionId: ACTION, prompt: text, choices }],
});

function raw(input: FlowInput): string {
  if (input.kind === "action") return input.value;
  if (input.kind === "text") return normalizeInput(input.text);
  return "";
}

/** A button's value, a choice's number (as on the console) or its label typed out. */
function chosen(input: FlowInput, choices: Choice[]): string | undefined {
  const text = raw(input);
  if (input.kind === "action") return choices.some((c) => c.value === text) ? text : undefined;
  if (/^\d+$/.test(text)) return choices[Number(text) - 1]?.value;
  return choices.find((c) => nameKey(c.label) === nameKey(text))?.value;
}

function levelChoices(ctx: Context): Choice[] {
  return INTEREST_LEVELS.map((l) => ({
    label: levelLabel(ctx.t, l),
    value: l,
    ...(l === "next_year" ? { style: "primary" as const } : {}),
    description: ctx.t(`candidates.levelHelp.${l}`),
  }));
}

function yearChoices(ctx: Context, level: InterestLevel, current: number): Choice[] {
  const implied = impliedFiscalYear(level, current);
  const years = [current + 1, current + 2, current + 3];
  const ordered = implied ? [implied, ...years.filter((y) => y !== implied)] : years;
  const choices: Choice[] = ordered.map((y, i) => ({
    label: fiscalYearText(ctx, y),
    value: String(y),
    ...(i === 0 && implied ? { style: "primary" as const } : {}),
  }));
  // A plan has its year; interest and study may have none yet.
  const none = { label: ctx.t("candidates.interestFlow.noYear"), value: NO_YEAR };
  return implied ? [...choices, none] : [none, ...choices];
}

function noteChoices(ctx: Context, data: FlowData): Choice[] {
  return [
    { label: ctx.t("candidates.interestFlow.noNote"), value: NO_NOTE },
    ...(data.previousNote ? [{ label: ctx.t("candidates.interestFlow.keepNote"), value: KEEP_NOTE }] : []),
  ];
}

function askLevel(ctx: Context, data: FlowData, notes: OutboundMessage[] = []): FlowStep {
  return {
    replies: [...notes, ask(ctx.t("candidates.interestFlow.askLevel", { body: data.bodyName }), levelChoices(ctx))],
    next: { step: "level", data },
  };
}

async function askYear(ctx: Context, data: FlowData, notes: OutboundMessage[] = []): Promise<FlowStep> {
  const current = currentFiscalYear(ctx, await councilZone(ctx));
  return {
    replies: [...notes, ask(ctx.t("candidates.interestFlow.askYear"), yearChoices(ctx, data.level!, current))],
    next: { step: "year", data },
  };
}

function askNote(ctx: Context, data: FlowData): FlowStep {
  const prompt = data.previousNote
    ? ctx.t("candidates.interestFlow.askNoteWithPrevious", { note: data.previousNote })
    : ctx.t("candidates.interestFlow.askNote");
  return { replies: [ask(prompt, noteChoices(ctx, data))], next: { step: "note", data } };
}

async function record(ctx: Context, data: FlowData, note: string): Promise<FlowStep> {
  const zone = await councilZone(ctx);
  const candidate = await findCandidate(ctx.db, ctx.actor!.councilId, String(data.candidate));
  const result = await recordInterest(
    ctx.db,
    {
      candidateId: candidate.id,
      bodyId: data.bodyId,
      level: data.level!,
      fiscalYear: data.fiscalYear ?? null,
      note,
      personId: ctx.actor!.personId,
      actor: `person:${ctx.actor!.personId}`,
      via: ctx.ref.platform,
      currentFiscalYear: currentFiscalYear(ctx, zone),
    },
    ctx.now,
  );
  return { replies: [recordedMessage(ctx, result, zone)] };
}

export const interestFlow: FlowDefinition = {
  name: INTEREST_FLOW,
  access: "member",
  version: 1,
  data: z.looseObject({
    candidate: z.number().int(),
    bodyId: z.string(),
    bodyName: z.string(),
    level: z.enum(INTEREST_LEVELS).optional(),
    fiscalYear: z.number().int().nullable().optional(),
    previousNote: z.string().optional(),
  }),
  async start(ctx, args) {
    const [number, bodyId] = args;
    const candidate = await findCandidate(ctx.db, ctx.actor!.councilId, number ?? "");
    if (candidate.archivedAt) throw new DomainError("candidates.archived", { label: candidateLabel(candidate, ctx.locale) });
    const body = await ctx.db.body.findUniqueOrThrow({ where: { id: bodyId ?? "" } });
    const zone = await councilZone(ctx);
    const current = await ctx.db.candidateInterest.findFirst({ where: { candidateId: candidate.id, bodyId: body.id, current: true } });
    const by = current?.recordedBy.startsWith("person:")
      ? await ctx.db.person.findUnique({ where: { id: current.recordedBy.slice(7) } })
      : null;
    const none = ctx.t("common.none");
    const fields = [
      { label: ctx.t("candidates.fields.category"), value: candidate.category || none },
      { label: ctx.t("candidates.fields.description"), value: candidate.description || none },
      { label: ctx.t("candidates.fields.products"), value: stringList(candidate.products).join(ctx.t("candidates.listSeparator")) || none },
      { label: ctx.t("candidates.fields.roughCost"), value: candidate.roughCost || none },
    ];
    const status =
      current && isInterestLevel(current.level)
        ? ctx.t("candidates.interestFlow.current", {
            body: body.name,
            level: withYear(ctx, levelLabel(ctx.t, current.level), current.fiscalYear),
            person: by?.displayName ?? current.recordedBy,
            at: formatInstant(current.recordedAt, zone, ctx.locale),
          })
        : ctx.t("candidates.interestFlow.notYet", { body: body.name });
    const title = candidateLabel(candidate, ctx.locale);
    const card: Block[] = [
      { type: "header", text: title },
      { type: "fields", fields },
      { type: "text", text: status },
    ];
    const data: FlowData = {
      candidate: candidate.number,
      bodyId: body.id,
      bodyName: body.name,
      ...(current?.note ? { previousNote: current.note } : {}),
    };
    return askLevel(ctx, data, [{ text: `${title}\n${status}`, blocks: card }]);
  },
  async input(ctx, step, stored, input) {
    const data = stored as FlowData;
    switch (step) {
      case "level": {
        const level = (chosen(input, levelChoices(ctx)) as InterestLevel | undefined) ?? parseInterestLevel(raw(input));
        if (!level) return askLevel(ctx, data, [textMessage(ctx.t("candidates.interestFlow.pickLevel"))]);
        // "No plans" has no year to aim at.
        if (level === "none") return askNote(ctx, { ...data, level, fiscalYear: null });
        return askYear(ctx, { ...data, level });
      }
      case "year": {
        const current = currentFiscalYear(ctx, await councilZone(ctx));
        const picked = chosen(input, yearChoices(ctx, data.level!, current));
        const typed = picked === undefined ? parseFiscalYear(raw(input)) : undefined;
        if (picked === NO_YEAR) return askNote(ctx, { ...data, fiscalYear: null });
        const year = picked !== undefined ? Number(picked) : typed;
        if (year === undefined || year < current || year > current + 10)
          return askYear(ctx, data, [textMessage(ctx.t("candidates.interestFlow.badYear"))]);
        return askNote(ctx, { ...data, fiscalYear: year });
      }
      default: {
        const picked = chosen(input, noteChoices(ctx, data));
        if (picked === NO_NOTE || (input.kind === "text" && NO_NOTE_WORDS.includes(nameKey(input.text)))) return record(ctx, data, "");
        if (picked === KEEP_NOTE) return record(ctx, data, data.previousNote ?? "");
        const text = input.kind === "text" ? input.text.trim() : "";
        if (!text) return askNote(ctx, data);
        return record(ctx, data, text);
      }
    }
  },
};

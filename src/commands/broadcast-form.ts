// A broadcast composed in one Slack modal or Mattermost dialog: audience (all bodies, an organ's seats,
// the bodies yet to answer something with a deadline), where it goes for an organ (DMs, its linked
// groups, both), the text and an optional send time. Read into the same draft as the conversation in
// broadcast.ts, so the preview, the recipient list and the confirmation are the same.
import type { Context } from "../engine/context.ts";
import type { Block, Choice, FormField } from "../engine/messages.ts";
import type { Audience, BroadcastChannel } from "../domain/broadcasts/audience.ts";
import { MAX_BROADCAST_LENGTH } from "../domain/broadcasts/create-broadcast.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";

export const BROADCAST_FORM = "broadcast";
type FormBlock = Extract<Block, { type: "form" }>;

export interface BroadcastFormDraft {
  audience: Audience;
  channels: BroadcastChannel[];
  text: string;
  at?: string;
  [key: string]: unknown;
}

async function audienceChoices(ctx: Context): Promise<Choice[]> {
  const councilId = ctx.actor!.councilId;
  const organs = await ctx.db.organ.findMany({ where: { councilId, dissolvedAt: null }, orderBy: { createdAt: "asc" } });
  const deadlines = await ctx.db.deadline.findMany({
    where: { councilId, cancelledAt: null, dueAt: { gt: ctx.now } },
    orderBy: { dueAt: "asc" },
    take: 50,
  });
  return [
    { label: ctx.t("broadcasts.choice.all"), value: "all" },
    ...organs.map((o) => ({ label: `${ctx.t("broadcasts.choice.organ")}: ${o.name}`, value: `organ:${o.id}` })),
    ...deadlines.map((d) => ({ label: `${ctx.t("broadcasts.choice.pending")}: ${d.title}`, value: `pending:${d.id}` })),
  ];
}

const channelChoices = (ctx: Context): Choice[] => [
  { label: ctx.t("broadcasts.choice.dm"), value: "dm" },
  { label: ctx.t("broadcasts.choice.group"), value: "group" },
  { label: ctx.t("broadcasts.choice.both"), value: "both" },
];

export async function broadcastForm(ctx: Context, errors?: Record<string, string>): Promise<FormBlock> {
  const fields: FormField[] = [
    {
      id: "audience",
      label: ctx.t("forms.broadcast.fields.audience"),
      kind: "select",
      required: true,
      options: await audienceChoices(ctx),
    },
    {
      id: "channels",
      label: ctx.t("forms.broadcast.fields.channels"),
      kind: "select",
      required: false,
      options: channelChoices(ctx),
      placeholder: ctx.t("forms.broadcast.channelsHint"),
    },
    { id: "text", label: ctx.t("forms.broadcast.fields.text"), kind: "text", required: true, maxLength: MAX_BROADCAST_LENGTH },
    {
      id: "at",
      label: ctx.t("forms.broadcast.fields.at"),
      kind: "text",
      required: false,
      maxLength: 40,
      placeholder: ctx.t("forms.broadcast.atHint"),
    },
  ];
  return {
    type: "form",
    formId: BROADCAST_FORM,
    title: ctx.t("forms.broadcast.formTitle"),
    submitLabel: ctx.t("forms.ballot.preview"),
    fields,
    ...(errors ? { errors } : {}),
  };
}

export type BroadcastFormResult = { ok: true; draft: BroadcastFormDraft } | { ok: false; errors: Record<string, string> };

export async function readBroadcastForm(ctx: Context, values: Record<string, string>, zone: string): Promise<BroadcastFormResult> {
  const errors: Record<string, string> = {};
  const chosen = (await audienceChoices(ctx)).find((c) => c.value === values.audience)?.value;
  if (!chosen) errors.audience = ctx.t("broadcasts.pickOne");
  const text = (values.text ?? "").trim();
  if (text.length === 0 || text.length > MAX_BROADCAST_LENGTH)
    errors.text = ctx.t("broadcasts.tooLong", { max: MAX_BROADCAST_LENGTH, length: text.length });
  const atText = (values.at ?? "").trim();
  const at = atText ? parseDateTime(atText, zone, { hour: 9, minute: 0 }) : undefined;
  if (atText && (!at || at <= ctx.now)) errors.at = ctx.t("broadcasts.badAt", { value: atText });
  if (Object.keys(errors).length > 0 || !chosen) return { ok: false, errors };
  const [kind, id] = chosen.split(":") as [string, string | undefined];
  const audience: Audience =
    kind === "organ" ? { kind: "organ", organId: id! } : kind === "pending" ? { kind: "pending", deadlineId: id! } : { kind: "all" };
  // Only an organ has group conversations; other audiences are reached one by one.
  const channels: BroadcastChannel[] =
    kind !== "organ" ? ["dm"] : values.channels === "group" ? ["group"] : values.channels === "both" ? ["dm", "group"] : ["dm"];
  return { ok: true, draft: { audience, channels, text, ...(at ? { at: at.toISOString() } : {}) } };
}

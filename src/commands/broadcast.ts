// `/kyodo broadcast` (secretariat): write a broadcast step by step — audience, text, time — then see a
// preview of exactly who gets it (and who cannot be reached) before confirming. Nothing is sent before
// the secretariat presses 送信.
import { z } from "zod";
import type { Context } from "../engine/context.ts";
import { FLOW_ACTION_PREFIX, type CommandDefinition, type FlowDefinition, type FlowInput, type FlowStep } from "../engine/definitions.ts";
import { textMessage, type Block, type OutboundMessage } from "../engine/messages.ts";
import { audienceSchema, channelSchema, type Audience, type BroadcastChannel } from "../domain/broadcasts/audience.ts";
import { createBroadcast, effectiveSendTime, MAX_BROADCAST_LENGTH } from "../domain/broadcasts/create-broadcast.ts";
import { planBroadcast } from "../domain/broadcasts/plan-broadcast.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import type { TrackerRegistry } from "../domain/reminders/response-tracker.ts";
import { normalizeInput } from "../lib/japanese/normalize.ts";
import { accessFor } from "../domain/access/policy.ts";
import { broadcastForm, readBroadcastForm } from "./broadcast-form.ts";
import { opensForms } from "./form-platforms.ts";

const FLOW = "broadcast";
const ACTION = `${FLOW_ACTION_PREFIX}${FLOW}`;

interface Draft {
  audience?: Audience;
  channels?: BroadcastChannel[];
  text?: string;
  at?: string;
  [key: string]: unknown;
}

function ask(
  prompt: string,
  choices: Array<{ label: string; value: string; style?: "primary" | "danger" }>,
  extra: Block[] = [],
): OutboundMessage {
  return { text: prompt, blocks: [...extra, { type: "choices", actionId: ACTION, prompt, choices }] };
}

const valueOf = (input: FlowInput) => (input.kind === "action" ? input.value : input.kind === "text" ? normalizeInput(input.text) : "");

async function timezoneOf(ctx: Context): Promise<string> {
  return (await ctx.db.council.findUniqueOrThrow({ where: { id: ctx.actor!.councilId } })).timezone;
}

const draftSchema = z.looseObject({
  audience: audienceSchema.optional(),
  channels: z.array(channelSchema).optional(),
  text: z.string().optional(),
  at: z.string().optional(),
});

export function broadcastFlow(trackers: TrackerRegistry): FlowDefinition {
  const askAudience = (ctx: Context) =>
    ask(ctx.t("broadcasts.askAudience"), [
      { label: ctx.t("broadcasts.choice.all"), value: "all" },
      { label: ctx.t("broadcasts.choice.organ"), value: "organ" },
      { label: ctx.t("broadcasts.choice.pending"), value: "pending" },
    ]);

  async function preview(ctx: Context, draft: Draft): Promise<FlowStep> {
    const plan = await planBroadcast(ctx.db, ctx.actor!.councilId, draft.audience!, draft.channels!, trackers, ctx.now);
    const zone = await timezoneOf(ctx);
    const requested = draft.at ? new Date(draft.at) : ctx.now;
    const sendAt = await effectiveSendTime(ctx.db, ctx.actor!.councilId, requested, false);
    const platforms = new Map<string, number>();
    for (const r of plan.recipients) for (const p of r.platforms) platforms.set(p, (platforms.get(p) ?? 0) + 1);
    const fields = [
      { label: ctx.t("broadcasts.preview.audience"), value: ctx.t(plan.label.key, plan.label.vars) },
      {
        label: ctx.t("broadcasts.preview.recipients"),
        value: ctx.t("broadcasts.preview.recipientCount", {
          people: plan.recipients.length,
          bodies: plan.bodies,
          via: [...platforms].map(([p, n]) => `${p} ${n}`).join("、") || "—",
        }),
      },
      {
        label: ctx.t("broadcasts.preview.unreachable"),
        value: ctx.t("broadcasts.preview.unreachableCount", { people: plan.unreachable.length, bodies: plan.bodiesWithoutReach.length }),
      },
      ...(plan.groups.length > 0 ? [{ label: ctx.t("broadcasts.preview.groups"), value: String(plan.groups.length) }] : []),
      {
        label: ctx.t("broadcasts.preview.when"),
        value:
          formatInstant(sendAt, zone, ctx.locale) +
          (sendAt.getTime() !== requested.getTime() ? ` ${ctx.t("broadcasts.preview.movedToOfficeHours")}` : ""),
      },
    ];
    const blocks: Block[] = [
      { type: "header", text: ctx.t("broadcasts.preview.title") },
      { type: "fields", fields },
      { type: "text", text: draft.text! },
    ];
    return {
      replies: [
        ask(
          ctx.t("broadcasts.askConfirm"),
          [
            { label: ctx.t("broadcasts.choice.send"), value: "send", style: "primary" },
            { label: ctx.t("broadcasts.choice.list"), value: "list" },
            { label: ctx.t("broadcasts.choice.cancel"), value: "cancel", style: "danger" },
          ],
          blocks,
        ),
      ],
      next: { step: "confirm", data: draft },
    };
  }

  async function recipientList(ctx: Context, draft: Draft): Promise<OutboundMessage> {
    const plan = await planBroadcast(ctx.db, ctx.actor!.councilId, draft.audience!, draft.channels!, trackers, ctx.now);
    const rows = [
      ...plan.recipients.map((r) => [r.bodyName, r.name, r.platforms.join(" ")]),
      ...plan.unreachable.map((r) => [
        r.bodyName,
        r.name,
        r.reason ? ctx.t("reach.cannotOpenDirect", { reason: r.reason }) : ctx.t("broadcasts.notLinked"),
      ]),
      ...plan.bodiesWithoutReach
        .filter((b) => !plan.unreachable.some((u) => u.bodyName === b))
        .map((b) => [b, "—", ctx.t("broadcasts.noStaff")]),
    ];
    return {
      text: ctx.t("broadcasts.listTitle"),
      blocks: [
        { type: "header", text: ctx.t("broadcasts.listTitle") },
        {
          type: "table",
          columns: [ctx.t("broadcasts.columns.body"), ctx.t("broadcasts.columns.person"), ctx.t("broadcasts.columns.platform")],
          rows,
        },
      ],
    };
  }

  return {
    name: FLOW,
    access: accessFor("broadcast.send"),
    version: 1,
    data: draftSchema,
    async start(ctx) {
      // Slack and Mattermost compose the whole broadcast in one form (broadcast-form.ts).
      if (opensForms(ctx))
        return {
          replies: [
            {
              text: ctx.t("forms.broadcast.intro"),
              blocks: [{ type: "text", text: ctx.t("forms.broadcast.intro") }, await broadcastForm(ctx)],
            },
          ],
          next: { step: "form", data: {} },
        };
      return { replies: [askAudience(ctx)], next: { step: "audience", data: {} } };
    },
    async input(ctx, step, data, input) {
      const draft = data as Draft;
      if (input.kind === "form") {
        const read = await readBroadcastForm(ctx, input.values, await timezoneOf(ctx));
        if (read.ok) return preview(ctx, read.draft);
        const problems = Object.values(read.errors).join("\n");
        return {
          replies: [{ text: problems, blocks: [{ type: "text", text: problems }, await broadcastForm(ctx, read.errors)] }],
          next: { step: "form", data: draft },
        };
      }
      if (step === "form")
        return { replies: [{ text: ctx.t("forms.broadcast.intro"), blocks: [await broadcastForm(ctx)] }], next: { step, data: draft } };
      const value = valueOf(input);
      switch (step) {
        case "audience": {
          if (value === "all")
            return {
              replies: [textMessage(ctx.t("broadcasts.askText", { max: MAX_BROADCAST_LENGTH }))],
              next: { step: "text", data: { audience: { kind: "all" }, channels: ["dm"] } },
            };
          if (value === "organ") {
            const organs = await ctx.db.organ.findMany({
              where: { councilId: ctx.actor!.councilId, dissolvedAt: null },
              orderBy: { createdAt: "asc" },
            });
            return {
              replies: [
                ask(
                  ctx.t("broadcasts.askOrgan"),
                  organs.map((o) => ({ label: o.name, value: o.id })),
                ),
              ],
              next: { step: "organ", data: draft },
            };
          }
          if (value === "pending") {
            const deadlines = await ctx.db.deadline.findMany({
              where: { councilId: ctx.actor!.councilId, cancelledAt: null, dueAt: { gt: ctx.now } },
              orderBy: { dueAt: "asc" },
            });
            if (deadlines.length === 0)
              return {
                replies: [textMessage(ctx.t("broadcasts.noOpenDeadlines")), askAudience(ctx)],
                next: { step: "audience", data: draft },
              };
            return {
              replies: [
                ask(
                  ctx.t("broadcasts.askPending"),
                  deadlines.map((d) => ({ label: d.title, value: d.id })),
                ),
              ],
              next: { step: "pending", data: draft },
            };
          }
          return { replies: [textMessage(ctx.t("broadcasts.pickOne")), askAudience(ctx)], next: { step, data: draft } };
        }
        case "organ": {
          const organ = await ctx.db.organ.findFirst({ where: { id: value, councilId: ctx.actor!.councilId } });
          if (!organ) return { replies: [textMessage(ctx.t("broadcasts.pickOne"))], next: { step, data: draft } };
          const groups = await ctx.db.organConversation.count({ where: { organId: organ.id } });
          const next: Draft = { ...draft, audience: { kind: "organ", organId: organ.id }, channels: ["dm"] };
          if (groups === 0)
            return {
              replies: [textMessage(ctx.t("broadcasts.askText", { max: MAX_BROADCAST_LENGTH }))],
              next: { step: "text", data: next },
            };
          return {
            replies: [
              ask(ctx.t("broadcasts.askChannels"), [
                { label: ctx.t("broadcasts.choice.dm"), value: "dm" },
                { label: ctx.t("broadcasts.choice.group"), value: "group" },
                { label: ctx.t("broadcasts.choice.both"), value: "both" },
              ]),
            ],
            next: { step: "channels", data: next },
          };
        }
        case "pending": {
          const deadline = await ctx.db.deadline.findFirst({ where: { id: value, councilId: ctx.actor!.councilId } });
          if (!deadline) return { replies: [textMessage(ctx.t("broadcasts.pickOne"))], next: { step, data: draft } };
          return {
            replies: [textMessage(ctx.t("broadcasts.askText", { max: MAX_BROADCAST_LENGTH }))],
            next: { step: "text", data: { ...draft, audience: { kind: "pending", deadlineId: deadline.id }, channels: ["dm"] } },
          };
        }
        case "channels": {
          const channels: BroadcastChannel[] | undefined =
            value === "dm" ? ["dm"] : value === "group" ? ["group"] : value === "both" ? ["dm", "group"] : undefined;
          if (!channels) return { replies: [textMessage(ctx.t("broadcasts.pickOne"))], next: { step, data: draft } };
          return {
            replies: [textMessage(ctx.t("broadcasts.askText", { max: MAX_BROADCAST_LENGTH }))],
            next: { step: "text", data: { ...draft, channels } },
          };
        }
        case "text": {
          const text = input.kind === "text" ? input.text.trim() : "";
          if (text.length === 0 || text.length > MAX_BROADCAST_LENGTH)
            return {
              replies: [textMessage(ctx.t("broadcasts.tooLong", { max: MAX_BROADCAST_LENGTH, length: text.length }))],
              next: { step, data: draft },
            };
          return {
            replies: [
              ask(ctx.t("broadcasts.askWhen"), [
                { label: ctx.t("broadcasts.choice.now"), value: "now", style: "primary" },
                { label: ctx.t("broadcasts.choice.later"), value: "later" },
              ]),
            ],
            next: { step: "when", data: { ...draft, text } },
          };
        }
        case "when": {
          if (value === "now") return preview(ctx, { ...draft, at: undefined });
          if (value === "later") return { replies: [textMessage(ctx.t("broadcasts.askAt"))], next: { step: "at", data: draft } };
          return { replies: [textMessage(ctx.t("broadcasts.pickOne"))], next: { step, data: draft } };
        }
        case "at": {
          const at = parseDateTime(value, await timezoneOf(ctx), { hour: 9, minute: 0 });
          if (!at || at <= ctx.now) return { replies: [textMessage(ctx.t("broadcasts.badAt", { value }))], next: { step, data: draft } };
          return preview(ctx, { ...draft, at: at.toISOString() });
        }
        case "confirm": {
          if (value === "list")
            return { replies: [await recipientList(ctx, draft), ...(await preview(ctx, draft)).replies], next: { step, data: draft } };
          if (value === "cancel") return { replies: [textMessage(ctx.t("flow.cancelled"))] };
          if (value !== "send") return { replies: [textMessage(ctx.t("broadcasts.pickOne"))], next: { step, data: draft } };
          const broadcast = await createBroadcast(
            ctx.db,
            {
              councilId: ctx.actor!.councilId,
              createdById: ctx.actor!.personId,
              audience: draft.audience!,
              channels: draft.channels!,
              text: draft.text!,
              at: draft.at ? new Date(draft.at) : undefined,
            },
            ctx.now,
          );
          const zone = await timezoneOf(ctx);
          return {
            replies: [
              textMessage(
                ctx.t("broadcasts.accepted", { id: broadcast.id.slice(-6), when: formatInstant(broadcast.sendAt, zone, ctx.locale) }),
              ),
            ],
          };
        }
      }
      return { replies: [textMessage(ctx.t("errors.staleAction"))] };
    },
  };
}

export const broadcastCommand: CommandDefinition = {
  name: "broadcast",
  aliases: ["お知らせ", "配信", "一斉送信", "周知"],
  access: accessFor("broadcast.send"),
  run: () => Promise.resolve({ startFlow: FLOW, args: [] }),
};

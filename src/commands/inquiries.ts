// `/kyodo inquiry` (照会): staff see the open inquiries addressed to their body and report their body's
// answer; the secretariat sees progress and opens simple inquiries.
//   inquiry                    list of open inquiries (with my body's status)
//   inquiry 3                  one inquiry; staff get a 回答済みにする button, the secretariat the progress
//   inquiry 3 done [note]      report my body's answer (回答済み)
//   inquiry new 2026-12-01 件名  (secretariat) ask every member body
import { allowed, permits, type Context } from "../engine/context.ts";
import { COMMAND_ACTION, type CommandDefinition } from "../engine/definitions.ts";
import { textMessage, type OutboundMessage } from "../engine/messages.ts";
import { reachLines } from "../domain/delivery/audience-reach.ts";
import { createInquiry, findInquiry } from "../domain/inquiries/create-inquiry.ts";
import { inquiryStatus } from "../domain/inquiries/inquiry-status.ts";
import { respondToInquiry } from "../domain/inquiries/respond-to-inquiry.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { DomainError } from "../domain/errors.ts";

const DONE_WORDS = new Set(["done", "回答済み", "回答済", "済み", "完了", "answered"]);

async function zoneOf(ctx: Context) {
  return (await ctx.db.council.findUniqueOrThrow({ where: { id: ctx.actor!.councilId } })).timezone;
}

async function list(ctx: Context): Promise<OutboundMessage[]> {
  const zone = await zoneOf(ctx);
  const myBodies = (await ctx.db.staffMembership.findMany({ where: { personId: ctx.actor!.personId, endedAt: null } })).map(
    (m) => m.bodyId,
  );
  const open = await ctx.db.inquiry.findMany({
    where: { councilId: ctx.actor!.councilId, closedAt: null, dueAt: { gt: ctx.now } },
    orderBy: { dueAt: "asc" },
    include: { targets: true },
  });
  const rows = [];
  for (const inquiry of open) {
    const mine = inquiry.targets.filter((t) => myBodies.includes(t.bodyId)).map((t) => t.bodyId);
    const answered =
      mine.length > 0 &&
      (await ctx.db.inquiryResponse.count({ where: { inquiryId: inquiry.id, bodyId: { in: mine }, current: true } })) === mine.length;
    if (mine.length === 0 && !allowed("secretariat", ctx.actor)) continue;
    rows.push([
      String(inquiry.number),
      inquiry.title,
      formatInstant(inquiry.dueAt, zone, ctx.locale),
      mine.length === 0 ? "—" : answered ? ctx.t("inquiries.answered") : ctx.t("inquiries.notYet"),
    ]);
  }
  if (rows.length === 0) return [textMessage(ctx.t("inquiries.noneOpen"))];
  const title = ctx.t("inquiries.listTitle");
  return [
    {
      text: title,
      blocks: [
        { type: "header", text: title },
        {
          type: "table",
          columns: [
            ctx.t("inquiries.columns.number"),
            ctx.t("inquiries.columns.title"),
            ctx.t("inquiries.columns.due"),
            ctx.t("inquiries.columns.mine"),
          ],
          rows,
        },
      ],
    },
  ];
}

async function show(ctx: Context, number: number): Promise<OutboundMessage[]> {
  const inquiry = await findInquiry(ctx.db, ctx.actor!.councilId, number);
  const zone = await zoneOf(ctx);
  const status = await inquiryStatus(ctx.db, inquiry.id);
  const head = `${ctx.t("inquiries.heading", { number, title: inquiry.title })}\n${ctx.t("inquiries.due", { due: formatInstant(inquiry.dueAt, zone, ctx.locale) })}${inquiry.body ? `\n${inquiry.body}` : ""}`;
  const blocks: OutboundMessage["blocks"] = [
    { type: "text", text: head },
    { type: "progress", label: ctx.t("inquiries.progress"), done: status.answered.length, total: status.total },
  ];
  if (allowed("secretariat", ctx.actor) && status.pending.length > 0) {
    blocks.push({
      type: "text",
      text: `${ctx.t("inquiries.pendingBodies", { count: status.pending.length })}\n${status.pending.map((b) => b.name).join("、")}`,
    });
  }
  const open = !inquiry.closedAt && ctx.now < inquiry.dueAt;
  if (open)
    blocks.push({
      type: "choices",
      actionId: COMMAND_ACTION,
      choices: [{ label: ctx.t("inquiries.markDone"), value: `inquiry ${number} done`, style: "primary" }],
    });
  return [{ text: head, blocks }];
}

async function done(ctx: Context, number: number, rest: string[]): Promise<OutboundMessage[]> {
  const inquiry = await findInquiry(ctx.db, ctx.actor!.councilId, number);
  // "inquiry 3 done 千葉市 メモ" — a leading body name picks the body for people who work for several.
  let bodyId: string | undefined;
  let noteWords = rest;
  if (rest[0]) {
    const body = await findBody(ctx.db, ctx.actor!.councilId, rest[0]).catch(() => undefined);
    if (body) {
      bodyId = body.id;
      noteWords = rest.slice(1);
    }
  }
  const result = await respondToInquiry(
    ctx.db,
    { inquiryId: inquiry.id, personId: ctx.actor!.personId, bodyId, note: noteWords.join(" ") },
    ctx.now,
  );
  return [textMessage(ctx.t("inquiries.recorded", { number, body: result.body.name }))];
}

export const inquiryCommand: CommandDefinition = {
  name: "inquiry",
  aliases: ["照会", "しょうかい", "inquiries"],
  access: "member",
  async run(ctx, args) {
    if (args.length === 0) return list(ctx);
    if (args[0] === "new" || args[0] === "新規") {
      if (!permits(ctx.actor, "inquiry.send")) return [textMessage(ctx.t("errors.forbidden"))];
      const zone = await zoneOf(ctx);
      const dueAt = args[1] ? parseDateTime(args[1], zone) : undefined;
      const title = args.slice(2).join(" ");
      if (!dueAt || !title) return [textMessage(ctx.t("inquiries.newUsage"))];
      const inquiry = await createInquiry(
        ctx.db,
        { councilId: ctx.actor!.councilId, title, dueAt, createdById: ctx.actor!.personId },
        ctx.now,
        zone,
      );
      const sent = ctx.t("notices.inquiry.created", {
        number: inquiry.number,
        title,
        due: formatInstant(dueAt, zone, ctx.locale),
        bodies: inquiry.reach.bodies,
        people: inquiry.reach.people,
      });
      return [textMessage([sent, ...reachLines(inquiry.reach, ctx.locale, (at) => formatInstant(at, zone, ctx.locale))].join("\n"))];
    }
    const number = Number(args[0]!.normalize("NFKC").replace(/^照会/, ""));
    if (!Number.isInteger(number) || number < 1) throw new DomainError("inquiries.notFound", { number: args[0] });
    if (args[1] && DONE_WORDS.has(args[1].toLowerCase())) return done(ctx, number, args.slice(2));
    return show(ctx, number);
  },
};

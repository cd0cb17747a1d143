// kyodo broadcast … / inquiry … / jobs …: broadcasts, inquiries (照会) and the scheduler's queue from
// the command line. The running server sends what is queued; --dry-run shows who would get what.
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import type { Audience, BroadcastChannel } from "../domain/broadcasts/audience.ts";
import { broadcastSummary } from "../domain/broadcasts/broadcast-summary.ts";
import { retryFailed } from "../domain/delivery/retry-deliveries.ts";
import { cancelBroadcast, createBroadcast } from "../domain/broadcasts/create-broadcast.ts";
import { findBroadcast, recentBroadcasts } from "../domain/broadcasts/find-broadcast.ts";
import { planBroadcast } from "../domain/broadcasts/plan-broadcast.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { recentFailedDeliveries } from "../domain/delivery/failed-deliveries.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { createInquiry, findInquiry } from "../domain/inquiries/create-inquiry.ts";
import { inquiryStatus } from "../domain/inquiries/inquiry-status.ts";
import { findOrgan } from "../domain/organs/find-organ.ts";
import type { Action } from "../domain/access/policy.ts";
import { bilingual, translator } from "../engine/i18n.ts";
import { buildTrackers } from "../features.ts";
import { UserError } from "../lib/user-error.ts";
import { actingPerson } from "./acting-person.ts";
import { withCli, type CliContext } from "./cli-context.ts";
import { printReach } from "./print-reach.ts";
import { headers } from "./cli-format.ts";
import { localMinute } from "../lib/local-time.ts";

async function secretariat(ctx: CliContext, councilId: string, handle: string | undefined, action: Action) {
  if (!handle) throw new UserError("cli.needAs");
  return actingPerson(ctx, councilId, handle, action);
}

function parseWhen(text: string | undefined, zone: string): Date | undefined {
  if (!text) return undefined;
  const at = parseDateTime(text, zone, { hour: 9, minute: 0 });
  if (!at) throw new UserError("cli.badDate", { value: text });
  return at;
}

async function parseAudience(ctx: CliContext, councilId: string, spec: string): Promise<Audience> {
  const [kind, rest = ""] = spec.split(/:(.*)/s) as [string, string?];
  if (kind === "all") return { kind: "all" };
  if (kind === "organ") return { kind: "organ", organId: (await findOrgan(ctx.db, councilId, rest)).id };
  if (kind === "bodies")
    return { kind: "bodies", bodyIds: await Promise.all(rest.split(",").map(async (b) => (await findBody(ctx.db, councilId, b)).id)) };
  if (kind === "pending") {
    const inquiry = /^\d+$/.test(rest) ? await findInquiry(ctx.db, councilId, Number(rest)) : undefined;
    const deadline = await ctx.db.deadline.findFirst({ where: inquiry ? { subjectType: "inquiry", subjectId: inquiry.id } : { id: rest } });
    if (!deadline) throw new UserError("broadcasts.unknownDeadline");
    return { kind: "pending", deadlineId: deadline.id };
  }
  throw new UserError("cli.badAudience", { spec });
}

export function registerBroadcastCommands(program: Command): void {
  const broadcast = program.command("broadcast").description("お知らせの一斉送信 / broadcasts");
  broadcast
    .command("send")
    .description("お知らせを送ります（--dry-run で宛先確認のみ） / send a broadcast (--dry-run to preview)")
    .requiredOption("--audience <spec>", "all | organ:<会議体> | bodies:<団体,団体> | pending:<照会番号|期限ID>")
    .requiredOption("--text <text>", "本文 / the message")
    .requiredOption("--as <handle>", "送信者（事務局） / sender (secretariat)")
    .option("--at <datetime>", "送信日時（例: 2026-11-25 09:00） / when")
    .option("--group", "会議体の連携グループにも送る / also to the organ's linked groups")
    .option("--urgent", "業務時間外でも送る / ignore office hours")
    .option("--dry-run", "送らずに宛先一覧を表示 / list recipients only")
    .action((opts: { audience: string; text: string; as: string; at?: string; group?: boolean; urgent?: boolean; dryRun?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const sender = await secretariat(ctx, council.id, opts.as, "broadcast.send");
        const audience = await parseAudience(ctx, council.id, opts.audience);
        const channels: BroadcastChannel[] = opts.group ? ["dm", "group"] : ["dm"];
        const now = new Date();
        if (opts.dryRun) {
          const plan = await planBroadcast(ctx.db, council.id, audience, channels, buildTrackers(), now);
          const t = translator("ja");
          ctx.out(`${t(plan.label.key, plan.label.vars)}`);
          ctx.out(
            renderTable(
              ["body / 団体", "person / 担当者", "via / 経路"],
              [
                ...plan.recipients.map((r) => [r.bodyName, r.name, r.platforms.join(" ")]),
                ...plan.unreachable.map((r) => [r.bodyName, r.name, "—"]),
              ],
            ),
          );
          ctx.out(
            bilingual("cli.dryRun", { people: plan.recipients.length, unreachable: plan.unreachable.length, groups: plan.groups.length }),
          );
          return;
        }
        const created = await createBroadcast(
          ctx.db,
          {
            councilId: council.id,
            createdById: sender.id,
            audience,
            channels,
            text: opts.text,
            at: parseWhen(opts.at, council.timezone),
            urgent: opts.urgent,
          },
          now,
        );
        ctx.out(
          bilingual("broadcasts.accepted", { id: created.id.slice(-6), when: formatInstant(created.sendAt, council.timezone, "ja") }),
        );
      }),
    );
  broadcast
    .command("status [id]")
    .description("配信状況 / delivery status")
    .action((id: string | undefined) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const list = id ? [await findBroadcast(ctx.db, council.id, id)] : await recentBroadcasts(ctx.db, council.id);
        const rows = [];
        for (const b of list) {
          const s = await broadcastSummary(ctx.db, b.id);
          rows.push([
            b.id.slice(-6),
            localMinute(b.sendAt, ctx.timezone),
            b.state,
            String(s.counts.sent),
            String(s.counts.queued + s.counts.sending),
            String(s.counts.failed),
            b.text.slice(0, 24),
          ]);
          if (id) for (const f of s.failures) ctx.out(`  ✗ ${f.body} ${f.person} (${f.platform}): ${f.reason}`);
        }
        ctx.out(renderTable(headers("id", "sendAt", "state", "sent", "queued", "failed", "text"), rows));
      }),
    );
  broadcast
    .command("failed")
    .description(
      "届かなかったメッセージ（照会・調査・表決の案内、リマインド、お知らせ。直近7日） / what did not arrive, any kind, last 7 days",
    )
    .action(() =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const rows = await recentFailedDeliveries(ctx.db, council.id, new Date(Date.now() - 7 * 86_400_000), 200);
        ctx.out(
          renderTable(
            headers("at", "kind", "person / 宛先", "body / 団体", "via", "state", "reason / 理由"),
            rows.map((r) => [formatInstant(r.at, council.timezone, "ja"), r.kind, r.person, r.body, r.platform, r.state, r.reason]),
          ),
        );
      }),
    );
  broadcast
    .command("retry <id>")
    .description("失敗した配信を再送します / retry failed deliveries")
    .action((id: string) =>
      withCli(async (ctx) => {
        const b = await findBroadcast(ctx.db, (await ctx.council()).id, id);
        ctx.out(bilingual("broadcasts.retried", { count: await retryFailed(ctx.db, { broadcastId: b.id }, ctx.actor, new Date()) }));
      }),
    );
  broadcast
    .command("cancel <id>")
    .description("予約中のお知らせを取り消します / cancel a scheduled broadcast")
    .requiredOption("--as <handle>", "事務局 / secretariat")
    .action((id: string, opts: { as: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const person = await secretariat(ctx, council.id, opts.as, "broadcast.cancel");
        const b = await findBroadcast(ctx.db, council.id, id);
        ctx.out(bilingual((await cancelBroadcast(ctx.db, b.id, person.id, new Date())) ? "cli.done" : "cli.notCancellable"));
      }),
    );

  const inquiry = program.command("inquiry").description("照会 / inquiries");
  inquiry
    .command("create")
    .description("照会を作成し、リマインドを予約します / open an inquiry with reminders")
    .requiredOption("--title <title>", "件名 / title")
    .requiredOption("--due <datetime>", "期限（例: 2026-12-01 17:00、令和8年12月1日） / due")
    .requiredOption("--as <handle>", "事務局 / secretariat")
    .option("--text <text>", "本文 / details")
    .option("--bodies <list>", "照会先（団体名かコードをカンマ区切り。省略時は全団体） / bodies (default all)")
    .option("--reminders <days>", "リマインド（営業日前、カンマ区切り） / reminder days", "7,3,1,0")
    .action((opts: { title: string; due: string; as: string; text?: string; bodies?: string; reminders: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const person = await secretariat(ctx, council.id, opts.as, "inquiry.send");
        const dueAt = parseDateTime(opts.due, council.timezone);
        if (!dueAt) throw new UserError("cli.badDate", { value: opts.due });
        const bodyIds = opts.bodies
          ? await Promise.all(opts.bodies.split(",").map(async (b) => (await findBody(ctx.db, council.id, b)).id))
          : undefined;
        const reminderOffsets = opts.reminders.split(",").map((d) => Number(d.trim()));
        const created = await createInquiry(
          ctx.db,
          { councilId: council.id, title: opts.title, body: opts.text, dueAt, bodyIds, createdById: person.id, reminderOffsets },
          new Date(),
          council.timezone,
        );
        ctx.out(
          bilingual("notices.inquiry.created", {
            number: created.number,
            title: created.title,
            due: formatInstant(dueAt, council.timezone, "ja"),
            bodies: created.reach.bodies,
            people: created.reach.people,
          }),
        );
        printReach(ctx.out, created.reach, council.timezone);
      }),
    );
  inquiry
    .command("status <number>")
    .description("回答状況 / progress")
    .action((number: string) =>
      withCli(async (ctx) => {
        const found = await findInquiry(ctx.db, (await ctx.council()).id, Number(number));
        const status = await inquiryStatus(ctx.db, found.id);
        ctx.out(`${found.title}: ${status.answered.length}/${status.total}`);
        ctx.out(
          renderTable(
            ["body / 団体", "status / 状況", "at / 日時"],
            [
              ...status.answered.map((a) => [a.body.name, "回答済み / answered", localMinute(a.response.respondedAt, ctx.timezone)]),
              ...status.pending.map((b) => [b.name, "未回答 / not yet", ""]),
            ],
          ),
        );
      }),
    );

  program
    .command("jobs")
    .description("予約された処理の一覧 / scheduled jobs")
    .option("--state <state>", "pending | running | done | skipped | failed | cancelled", "pending")
    .action((opts: { state: string }) =>
      withCli(async (ctx) => {
        const jobs = await ctx.db.job.findMany({ where: { state: opts.state }, orderBy: { dueAt: "asc" }, take: 200 });
        ctx.out(
          renderTable(
            headers("dueAt", "kind", "key", "attempts", "note"),
            jobs.map((j) => [localMinute(j.dueAt, ctx.timezone), j.kind, j.key.slice(0, 48), String(j.attempts), j.lastError ?? ""]),
          ),
        );
      }),
    );
}

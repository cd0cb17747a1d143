// kyodo mail … and kyodo people email-…: who receives Kyodo's email and from which addresses a person may
// vote, and the secretariat's review of received replies — list them, read one, and settle those Kyodo
// could not read (record the vote the voter plainly meant, or close the review with a note).
import { z } from "zod";
import { readJsonColumn } from "../lib/json-column.ts";
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { emailDeliveryAddress } from "../domain/email/addresses.ts";
import { addEmailAlias, listEmailAliases, removeEmailAlias } from "../domain/email/email-aliases.ts";
import { optInToEmail, optOutOfEmail } from "../domain/email/email-optin.ts";
import { findInbound, listInbound } from "../domain/email/inbox.ts";
import { resolveInbound } from "../domain/email/resolve-inbound.ts";
import { findPerson } from "../domain/people/find-person.ts";
import { bilingual, translator } from "../engine/i18n.ts";
import { UserError } from "../lib/user-error.ts";
import { actorFor } from "./acting-person.ts";
import { withCli, type CliContext } from "./cli-context.ts";

const t = translator("ja");

async function actorOf(ctx: CliContext, councilId: string, handle: string | undefined): Promise<string> {
  return actorFor(ctx, councilId, handle, "email.resolve");
}

function registerAddressCommands(parent: Command, prefix: string): void {
  parent
    .command(`${prefix}optin <handle>`)
    .description("Kyodo からのお知らせ・表決・リマインダー・受付・結果をメールでも送ります / send this person Kyodo's email")
    .option("--address <address>", "送り先（既定: 登録されたメールアドレス） / address (default: the person's email)")
    .action((handle: string, opts: { address?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const person = await findPerson(ctx.db, council.id, handle);
        const result = await optInToEmail(ctx.db, { personId: person.id, address: opts.address, actor: ctx.actor }, new Date());
        ctx.out(bilingual("email.cli.optedIn", { name: person.displayName, address: result.address }));
        if (result.ballots.length > 0) ctx.out(bilingual("email.cli.ballotsSent", { numbers: result.ballots.join(", ") }));
      }),
    );
  parent
    .command(`${prefix}optout <handle>`)
    .description("メールの送信をやめます / stop Kyodo's email to this person")
    .action((handle: string) =>
      withCli(async (ctx) => {
        const person = await findPerson(ctx.db, (await ctx.council()).id, handle);
        const removed = await optOutOfEmail(ctx.db, { personId: person.id, actor: ctx.actor }, new Date());
        ctx.out(bilingual(removed ? "email.cli.optedOut" : "email.cli.notOptedIn", { name: person.displayName }));
      }),
    );
  parent
    .command(`${prefix}alias <handle> [action] [address]`)
    .description(
      "表決を受け付ける別のアドレス（共有アドレスなど）: list | add <address> | remove <address> / other addresses a person may vote from",
    )
    .action((handle: string, action: string | undefined, address: string | undefined) =>
      withCli(async (ctx) => {
        const person = await findPerson(ctx.db, (await ctx.council()).id, handle);
        const now = new Date();
        if (action === "add" || action === "remove") {
          if (!address) throw new UserError("email.cli.addressMissing", {});
          if (action === "add") {
            const added = await addEmailAlias(ctx.db, { personId: person.id, address, actor: ctx.actor }, now);
            ctx.out(
              bilingual(added.added ? "email.cli.aliasAdded" : "email.cli.aliasExists", {
                name: person.displayName,
                address: added.address,
              }),
            );
          } else {
            const removed = await removeEmailAlias(ctx.db, { personId: person.id, address, actor: ctx.actor }, now);
            ctx.out(bilingual(removed ? "email.cli.aliasRemoved" : "email.cli.aliasMissing", { name: person.displayName, address }));
          }
          return;
        }
        const delivery = await emailDeliveryAddress(ctx.db, person.id);
        ctx.out(`${person.displayName} (${person.handle})`);
        ctx.out(`  ${t("email.cli.recordAddress")}: ${person.email ?? "—"}`);
        ctx.out(`  ${t("email.cli.deliveryAddress")}: ${delivery ?? t("email.cli.notReceiving")}`);
        for (const alias of await listEmailAliases(ctx.db, person.id)) ctx.out(`  ${t("email.cli.alias")}: ${alias}`);
      }),
    );
}

export function registerEmailCommands(program: Command): void {
  // The brief's place for these is beside the other people commands; `mail` has them too.
  const people = program.commands.find((c) => c.name() === "people");
  if (people) registerAddressCommands(people, "email-");

  const mail = program.command("mail").description("メールによる表決・通知 / email ballots and notices");
  registerAddressCommands(mail, "");
  mail
    .command("inbox")
    .description("受信したメールと処理結果（新しい順） / received mail and what became of it")
    .option("--unclear", "確認が必要なものだけ / only what waits for review")
    .option("--limit <n>", "件数 / how many", "50")
    .action((opts: { unclear?: boolean; limit: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const rows = await listInbound(ctx.db, { open: opts.unclear, limit: Math.max(1, Number(opts.limit) || 50) });
        if (rows.length === 0) return ctx.out(bilingual("email.cli.inboxEmpty"));
        ctx.out(
          renderTable(
            ["id", "received", "from", "ballot", "outcome", "review"],
            rows.map((r) => [
              r.id.slice(0, 10),
              formatInstant(r.receivedAt, council.timezone, "ja"),
              r.handle ? `${r.fromAddress ?? "—"} (${r.handle})` : (r.fromAddress ?? "—"),
              r.ballotNumber ? `表決${r.ballotNumber}` : "—",
              t(`email.outcome.${r.outcome}`) + (r.arrivals > 1 ? ` ×${r.arrivals}` : "") + (r.dkim === "fail" ? " (DKIM fail)" : ""),
              r.review ? t(`email.review.${r.review}`) : "",
            ]),
          ),
        );
      }),
    );
  mail
    .command("show <id>")
    .description("受信したメール1通の詳細 / one received message in full")
    .option("--raw", "受信したままのソースも表示 / also print the raw source")
    .action((id: string, opts: { raw?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const { mail: m, ballot, person, body } = await findInbound(ctx.db, id);
        const detail = readJsonColumn(z.record(z.string(), z.unknown()), m.detail, `InboundMail ${m.id}.detail`);
        const lines: Array<[string, string]> = [
          ["id", m.id],
          [t("email.cli.received"), `${formatInstant(m.receivedAt, council.timezone, "ja")}${m.arrivals > 1 ? ` (×${m.arrivals})` : ""}`],
          ["From", m.fromAddress ?? "—"],
          [t("email.cli.envelope"), `${m.envelopeFrom ?? "<>"} → ${m.recipient} [${m.remoteIp ?? "?"}]`],
          [t("email.cli.subject"), m.subject ?? "—"],
          ["Message-ID", m.messageId ?? "—"],
          [t("email.cli.voter"), person ? `${person.displayName} (${person.handle})${body ? `・${body}` : ""}` : "—"],
          [t("email.cli.ballot"), ballot ? `表決${ballot.number} ${ballot.title}` : "—"],
          [
            t("email.cli.outcome"),
            `${t(`email.outcome.${m.outcome}`)}${m.receipt ? `  ${t("motions.fields.receipt")}: ${m.receipt}` : ""}`,
          ],
          ["DKIM / SPF / DMARC", `${m.dkim ?? "—"} / ${m.spf ?? "—"} / ${m.dmarc ?? "—"}`],
          [t("email.cli.review"), m.review ? `${t(`email.review.${m.review}`)}${m.resolution ? `: ${m.resolution}` : ""}` : "—"],
          [t("email.cli.size"), `${m.size} bytes${m.truncated ? ` (${t("email.cli.truncated")})` : ""}`],
        ];
        for (const [label, value] of lines) ctx.out(`${label}: ${value}`);
        if (m.text !== null) ctx.out(`\n${t("email.cli.readText")}:\n${m.text || "（空）"}`);
        if (Object.keys(detail).length > 0) ctx.out(`\n${JSON.stringify(detail, null, 2)}`);
        if (opts.raw) ctx.out(`\n${Buffer.from(m.raw).toString("utf8")}`);
      }),
    );
  mail
    .command("resolve <id>")
    .description("確認が必要なメールを処理します: --vote で表決を記録、--dismiss で記録せずに閉じる / settle a message under review")
    .option("--vote <text>", "記録する表決（例: 「議案1 賛成、議案2 反対」） / the vote to record")
    .option("--dismiss", "表決を記録せずに確認を終えます / close the review without a vote")
    .option("--note <text>", "メモ（電話で確認済み など） / a note")
    .option("--as <handle>", "処理する事務局の担当者 / the secretariat person acting")
    .action((id: string, opts: { vote?: string; dismiss?: boolean; note?: string; as?: string }) =>
      withCli(async (ctx) => {
        if (Boolean(opts.vote) === Boolean(opts.dismiss)) throw new UserError("email.cli.voteOrDismiss", {});
        const council = await ctx.council();
        const actor = await actorOf(ctx, council.id, opts.as);
        const result = await resolveInbound(ctx.db, { id, vote: opts.vote, note: opts.note, actor }, new Date());
        ctx.out(
          opts.dismiss
            ? bilingual("email.cli.dismissed")
            : bilingual("email.cli.recorded", { motions: result.recorded, receipt: result.receipt ?? "—" }),
        );
        if (result.unclear.length > 0) ctx.out(bilingual("email.cli.stillUnclear", { count: result.unclear.length }));
      }),
    );
}

// kyodo bodies … / people … / staff … / enrol …: who belongs to the council and how they get in.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { findBody, listBodies } from "../domain/bodies/find-body.ts";
import { decodeCsv, importBodies } from "../domain/bodies/import-bodies.ts";
import { issueEnrolmentCode } from "../domain/identities/issue-enrolment-code.ts";
import { addPerson, ROLES } from "../domain/people/add-person.ts";
import { addStaffMembership, endStaffMembership } from "../domain/people/add-staff-membership.ts";
import { findPerson, listPeople } from "../domain/people/find-person.ts";
import { grantRole } from "../domain/people/grant-role.ts";
import { bilingual } from "../engine/i18n.ts";
import { UserError } from "../lib/user-error.ts";
import { withCli } from "./cli-context.ts";
import { headers } from "./cli-format.ts";
import { localMinute } from "../lib/local-time.ts";

export function registerPeopleCommands(program: Command): void {
  const bodies = program.command("bodies").description("構成団体 / member bodies");
  bodies
    .command("import <file>")
    .description("CSV（code,name,kind）から団体を取り込みます。UTF-8 / Shift_JIS / import bodies from CSV")
    .option("--skip-invalid", "不正な行を飛ばし、正しい行だけ取り込みます / write the valid rows even when some are rejected")
    .action((file: string, opts: { skipInvalid?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          throw new UserError("cli.fileUnreadable", { file });
        }
        const report = await importBodies(ctx.db, council.id, decodeCsv(bytes), ctx.actor, { skipInvalid: opts.skipInvalid });
        if (report.written)
          ctx.out(
            bilingual("cli.importReport", {
              created: report.created,
              updated: report.updated,
              unchanged: report.unchanged,
              rejected: report.rejected.length,
            }),
          );
        else ctx.out(bilingual("security.importNothingWritten", { rejected: report.rejected.length }));
        for (const problem of report.rejected) ctx.out(`  ${file}:${problem.line}: ${bilingual(problem.key, problem.vars)}`);
        if (report.rejected.length > 0) process.exitCode = 1;
      }),
    );
  bodies
    .command("list [search]")
    .description("団体の一覧 / list bodies")
    .action((search: string | undefined) =>
      withCli(async (ctx) => {
        const list = await listBodies(ctx.db, (await ctx.council()).id, search);
        ctx.out(
          renderTable(
            headers("code", "name", "kind"),
            list.map((b) => [b.code ?? "—", b.name, b.kind]),
          ),
        );
      }),
    );

  const people = program.command("people").description("利用者 / people");
  people
    .command("add <handle> <displayName>")
    .description("利用者を登録します / register a person")
    .option("--email <email>", "メールアドレス / e-mail")
    .option("--locale <locale>", "ja | en", "ja")
    .option("--body <body>", "所属団体（コードか名称） / body they work for")
    .option("--role <role...>", `役割 / roles: ${ROLES.join(", ")}`)
    .action((handle: string, displayName: string, opts: { email?: string; locale: string; body?: string; role?: string[] }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const body = opts.body ? await findBody(ctx.db, council.id, opts.body) : undefined;
        const person = await addPerson(
          ctx.db,
          council.id,
          { handle, displayName, email: opts.email, locale: opts.locale as "ja", roles: (opts.role ?? []) as Array<"secretariat"> },
          ctx.actor,
        );
        if (body) await addStaffMembership(ctx.db, person.id, body.id, true, ctx.actor);
        ctx.out(bilingual("cli.personAdded", { handle: person.handle, name: person.displayName }));
      }),
    );
  people
    .command("list")
    .description("利用者の一覧 / list people")
    .action(() =>
      withCli(async (ctx) => {
        const list = await listPeople(ctx.db, (await ctx.council()).id);
        const rows = list.map((p) => [
          p.handle,
          p.displayName,
          p.memberships.map((m) => m.body.name).join(" "),
          p.roles.map((r) => r.role).join(" "),
        ]);
        ctx.out(renderTable(headers("handle", "name", "bodies", "roles"), rows));
      }),
    );
  people
    .command("grant <handle> <role>")
    .description(`役割を付与します / grant a role (${ROLES.join(", ")})`)
    .action((handle: string, role: string) =>
      withCli(async (ctx) => {
        if (!(ROLES as readonly string[]).includes(role)) throw new UserError("cli.unknownRole", { role, roles: ROLES.join(", ") });
        const person = await findPerson(ctx.db, (await ctx.council()).id, handle);
        await grantRole(ctx.db, person.id, role as (typeof ROLES)[number], ctx.actor);
        ctx.out(bilingual("cli.done"));
      }),
    );

  const staff = program.command("staff").description("団体の担当者 / staff of bodies");
  staff
    .command("add <handle> <body>")
    .description("担当者として登録します / make a person staff of a body")
    .option("--primary", "主担当にします / primary contact")
    .action((handle: string, bodyQuery: string, opts: { primary?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const [person, body] = [await findPerson(ctx.db, council.id, handle), await findBody(ctx.db, council.id, bodyQuery)];
        await addStaffMembership(ctx.db, person.id, body.id, Boolean(opts.primary), ctx.actor);
        ctx.out(bilingual("cli.staffAdded", { name: person.displayName, body: body.name }));
      }),
    );
  staff
    .command("remove <handle> <body>")
    .description("担当者から外します / end a staff membership")
    .action((handle: string, bodyQuery: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const [person, body] = [await findPerson(ctx.db, council.id, handle), await findBody(ctx.db, council.id, bodyQuery)];
        await endStaffMembership(ctx.db, person.id, body.id, ctx.actor);
        ctx.out(bilingual("cli.done"));
      }),
    );

  program
    .command("enrol <handle>")
    .alias("enroll")
    .description("チャット連携用のワンタイム登録コードを発行します / issue a one-time enrolment code")
    .option("--ttl-hours <hours>", "有効時間 / valid for hours", "72")
    .action((handle: string, opts: { ttlHours: string }) =>
      withCli(async (ctx) => {
        const ttl = Number(opts.ttlHours);
        if (!Number.isFinite(ttl) || ttl <= 0 || ttl > 24 * 90) throw new UserError("cli.badTtl", { value: opts.ttlHours });
        const person = await findPerson(ctx.db, (await ctx.council()).id, handle);
        const { code, expiresAt } = await issueEnrolmentCode(ctx.db, person.id, ctx.actor, ttl);
        ctx.out(bilingual("cli.codeIssued", { name: person.displayName, code, expires: localMinute(expiresAt, ctx.timezone) }));
      }),
    );
}

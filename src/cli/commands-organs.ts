// kyodo organs … / seats …: the council's organs and who sits on them.
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { assignSeat, removeSeat } from "../domain/organs/assign-seat.ts";
import { createOrgan, dissolveOrgan } from "../domain/organs/create-organ.ts";
import { findOrgan, listOrgans, listSeats } from "../domain/organs/find-organ.ts";
import { ORGAN_KINDS, SEAT_ROLES, parseOrganKind, type SeatRole } from "../domain/organs/organ-kinds.ts";
import { setAlternate } from "../domain/organs/set-alternate.ts";
import { findPerson } from "../domain/people/find-person.ts";
import { bilingual } from "../engine/i18n.ts";
import { parseJapaneseDate, toIsoDate } from "../lib/japanese/era.ts";
import { UserError } from "../lib/user-error.ts";
import { withCli } from "./cli-context.ts";
import { headers } from "./cli-format.ts";
import { localDate } from "../lib/local-time.ts";

function parseDateOption(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = parseJapaneseDate(value);
  if (!date) throw new UserError("cli.badDate", { value });
  return new Date(`${toIsoDate(date)}T00:00:00+09:00`);
}

export function registerOrganCommands(program: Command): void {
  const organs = program.command("organs").description("会議体 / organs");
  organs
    .command("create <slug> <name>")
    .description("会議体を作成します / create an organ")
    .requiredOption("--kind <kind>", `種別 / kind: ${ORGAN_KINDS.join(", ")} (総会, 幹事会, 部会, 研究会, WG)`)
    .option("--en <nameEn>", "英語名 / English name")
    .action((slug: string, name: string, opts: { kind: string; en?: string }) =>
      withCli(async (ctx) => {
        const kind = parseOrganKind(opts.kind);
        if (!kind) throw new UserError("cli.unknownOrganKind", { kind: opts.kind, kinds: ORGAN_KINDS.join(", ") });
        const organ = await createOrgan(ctx.db, (await ctx.council()).id, { slug, name, nameEn: opts.en, kind }, ctx.actor);
        ctx.out(bilingual("cli.organCreated", { name: organ.name, slug: organ.slug }));
      }),
    );
  organs
    .command("list")
    .description("会議体の一覧 / list organs")
    .option("--all", "解散したものも表示 / include dissolved")
    .action((opts: { all?: boolean }) =>
      withCli(async (ctx) => {
        const list = await listOrgans(ctx.db, (await ctx.council()).id, Boolean(opts.all));
        ctx.out(
          renderTable(
            headers("slug", "name", "kind", "seats", "dissolved"),
            list.map((o) => [o.slug, o.name, o.kind, String(o._count.seats), o.dissolvedAt ? localDate(o.dissolvedAt, ctx.timezone) : ""]),
          ),
        );
      }),
    );
  organs
    .command("dissolve <organ>")
    .description("会議体を解散します（記録は残ります） / dissolve an organ (its records stay)")
    .action((query: string) =>
      withCli(async (ctx) => {
        const organ = await findOrgan(ctx.db, (await ctx.council()).id, query);
        await dissolveOrgan(ctx.db, organ.id, ctx.actor);
        ctx.out(bilingual("cli.done"));
      }),
    );

  const seats = program.command("seats").description("会議体の席と委員 / seats on organs");
  seats
    .command("list <organ>")
    .description("席の一覧 / list seats")
    .action((query: string) =>
      withCli(async (ctx) => {
        const organ = await findOrgan(ctx.db, (await ctx.council()).id, query);
        const list = await listSeats(ctx.db, organ.id);
        ctx.out(
          renderTable(
            headers("body", "representative", "role", "alternates"),
            list.map((s) => [s.body.name, s.representative?.handle ?? "—", s.role, s.alternates.map((a) => a.person.handle).join(" ")]),
          ),
        );
      }),
    );
  seats
    .command("assign <organ> <body>")
    .description("団体に席を与え、委員を指定します / give a body a seat and name its representative")
    .option("--rep <handle>", "委員 / representative")
    .option("--role <role>", `役職 / role: ${SEAT_ROLES.join(", ")}`)
    .action((organQuery: string, bodyQuery: string, opts: { rep?: string; role?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        if (opts.role && !(SEAT_ROLES as readonly string[]).includes(opts.role))
          throw new UserError("cli.unknownSeatRole", { role: opts.role, roles: SEAT_ROLES.join(", ") });
        const organ = await findOrgan(ctx.db, council.id, organQuery);
        const body = await findBody(ctx.db, council.id, bodyQuery);
        const rep = opts.rep ? await findPerson(ctx.db, council.id, opts.rep) : undefined;
        await assignSeat(
          ctx.db,
          { organId: organ.id, bodyId: body.id, representativeId: rep?.id, role: opts.role as SeatRole | undefined },
          ctx.actor,
        );
        ctx.out(bilingual("cli.seatAssigned", { organ: organ.name, body: body.name }));
      }),
    );
  seats
    .command("remove <organ> <body>")
    .description("席を外します / remove a seat")
    .action((organQuery: string, bodyQuery: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const organ = await findOrgan(ctx.db, council.id, organQuery);
        const body = await findBody(ctx.db, council.id, bodyQuery);
        await removeSeat(ctx.db, organ.id, body.id, ctx.actor);
        ctx.out(bilingual("cli.done"));
      }),
    );
  seats
    .command("alternate <organ> <body> <handle>")
    .description("代理を指定します（期間中は代理が表決できます） / name an alternate who may vote during the period")
    .option("--from <date>", "代理開始日（令和8年4月1日、2026-04-01 など） / delegation start")
    .option("--until <date>", "代理終了日 / delegation end")
    .action((organQuery: string, bodyQuery: string, handle: string, opts: { from?: string; until?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const organ = await findOrgan(ctx.db, council.id, organQuery);
        const body = await findBody(ctx.db, council.id, bodyQuery);
        const person = await findPerson(ctx.db, council.id, handle);
        const seat = await ctx.db.seat.findUnique({ where: { organId_bodyId: { organId: organ.id, bodyId: body.id } } });
        if (!seat) throw new UserError("organs.noSeat");
        await setAlternate(
          ctx.db,
          { seatId: seat.id, personId: person.id, delegatedFrom: parseDateOption(opts.from), delegatedUntil: parseDateOption(opts.until) },
          ctx.actor,
        );
        ctx.out(bilingual("cli.done"));
      }),
    );
}

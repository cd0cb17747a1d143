// kyodo web link <person>: the one-time sign-in link to the web console that `/kyodo web` gives in chat, for
// the operator at the server (the first secretariat member, or someone whose chat account is not linked yet).
import type { Command } from "commander";
import { signInUrl } from "../commands/console-link.ts";
import { consoleUrl, loadConfig } from "../config/config.ts";
import { issueConsoleLink, LINK_TTL_MS } from "../domain/access/console-sign-in.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { findPerson } from "../domain/people/find-person.ts";
import { bilingual } from "../engine/i18n.ts";
import { withCli } from "./cli-context.ts";

export function registerWebCommands(program: Command): void {
  const web = program.command("web").description("ウェブ管理画面 / the web console");
  web
    .command("link <person>")
    .description("管理画面への一回限りのサインインリンク（10分間有効） / a one-time sign-in link to the web console (valid 10 minutes)")
    .action((handle: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const person = await findPerson(ctx.db, council.id, handle);
        const { token, expiresAt } = await issueConsoleLink(ctx.db, { personId: person.id, createdBy: ctx.actor }, new Date());
        ctx.out(
          bilingual("web.link.cli", {
            name: person.displayName,
            minutes: LINK_TTL_MS / 60_000,
            until: formatInstant(expiresAt, council.timezone, "ja"),
          }),
        );
        ctx.out(signInUrl(consoleUrl(loadConfig()), token));
      }),
    );
}

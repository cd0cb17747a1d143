// `/kyodo web` (ウェブ, 管理画面, console): a one-time link that signs the secretariat member in to the web
// console. The answer is the person's alone: it is given as a one-step flow, and the engine moves a flow's
// replies out of a group conversation into the person's direct conversation (or the platform's private answer).
import { z } from "zod";
import type { CommandDefinition, FlowDefinition } from "../engine/definitions.ts";
import { textMessage } from "../engine/messages.ts";
import { issueConsoleLink, LINK_TTL_MS } from "../domain/access/console-sign-in.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { councilZone } from "./surveys-answer-flow.ts";

export const CONSOLE_LINK_FLOW = "console-link";

/** The sign-in address for a token, under the console's base address. */
export function signInUrl(base: string, token: string): string {
  return `${base}sign-in?token=${encodeURIComponent(token)}`;
}

export const consoleLinkCommand: CommandDefinition = {
  name: "web",
  aliases: ["console", "ウェブ", "管理画面", "コンソール"],
  access: "secretariat",
  run: () => Promise.resolve({ startFlow: CONSOLE_LINK_FLOW, args: [] }),
};

export function consoleLinkFlow(consoleUrl: () => string): FlowDefinition {
  return {
    // It never saves data to continue from; declared all the same, so a later version can migrate.
    version: 1,
    data: z.looseObject({}),
    name: CONSOLE_LINK_FLOW,
    access: "secretariat",
    async start(ctx) {
      const { token, expiresAt } = await issueConsoleLink(
        ctx.db,
        { personId: ctx.actor!.personId, createdBy: `person:${ctx.actor!.personId}` },
        ctx.now,
      );
      const zone = await councilZone(ctx);
      return {
        replies: [
          textMessage(
            ctx.t("web.link.message", {
              url: signInUrl(consoleUrl(), token),
              minutes: LINK_TTL_MS / 60_000,
              until: formatInstant(expiresAt, zone, ctx.locale),
            }),
          ),
        ],
      };
    },
    // The flow ends with its first answer; nothing is saved to continue.
    input: () => Promise.resolve({ replies: [] }),
  };
}

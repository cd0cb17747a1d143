// `/kyodo link <code>` links this chat account to the person the secretariat issued the code for.
// Without a code it asks for one (a two-step conversation that survives a restart).
import { z } from "zod";
import type { CommandDefinition, FlowDefinition } from "../engine/definitions.ts";
import { textMessage } from "../engine/messages.ts";
import type { Context } from "../engine/context.ts";
import { redeemThrottled } from "../domain/identities/link-throttle.ts";
import { unlinkIdentity } from "../domain/identities/link-identity.ts";

async function redeem(ctx: Context, code: string) {
  const account = { platform: ctx.ref.platform, workspace: ctx.ref.workspace, externalUserId: ctx.user.externalId };
  await redeemThrottled(ctx.db, account, code, ctx.now);
  const actor = await ctx.refreshActor();
  return [textMessage(ctx.t("link.done", { name: actor?.displayName ?? "" }))];
}

export const linkCommand: CommandDefinition = {
  name: "link",
  aliases: ["連携", "登録", "れんけい"],
  access: "anyone",
  async run(ctx, args) {
    if (ctx.actor) return [textMessage(ctx.t("link.already", { name: ctx.actor.displayName }))];
    if (args.length > 0) return redeem(ctx, args.join(""));
    return { startFlow: "link", args: [] };
  },
};

export const linkFlow: FlowDefinition = {
  version: 1,
  data: z.looseObject({ attempts: z.number().int().min(0) }),
  name: "link",
  access: "anyone",
  start: (ctx) => Promise.resolve({ replies: [textMessage(ctx.t("link.askCode"))], next: { step: "code", data: { attempts: 0 } } }),
  async input(ctx, _step, data, input) {
    if (input.kind !== "text") return { replies: [textMessage(ctx.t("link.askCode"))], next: { step: "code", data } };
    try {
      return { replies: await redeem(ctx, input.text) };
    } catch (error) {
      const attempts = Number(data.attempts ?? 0) + 1;
      // Three wrong codes end the conversation, so a guesser has to start over each time.
      if (attempts >= 3) return { replies: [textMessage(ctx.t("link.tooManyAttempts"))] };
      if ((error as { key?: string }).key) {
        const e = error as { key: string; vars: Record<string, unknown> };
        return { replies: [textMessage(`${ctx.t(e.key, e.vars)}\n${ctx.t("link.askAgain")}`)], next: { step: "code", data: { attempts } } };
      }
      throw error;
    }
  },
};

export const unlinkCommand: CommandDefinition = {
  name: "unlink",
  aliases: ["連携解除"],
  access: "member",
  async run(ctx) {
    const account = { platform: ctx.ref.platform, workspace: ctx.ref.workspace, externalUserId: ctx.user.externalId };
    await unlinkIdentity(ctx.db, account, `person:${ctx.actor!.personId}`);
    return [textMessage(ctx.t("link.unlinked"))];
  },
};

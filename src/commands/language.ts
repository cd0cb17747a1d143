// `/kyodo lang [ja|en]` sets the language Kyodo answers in. Without an argument it offers the choice
// as buttons (quick replies on LINE, numbered options on the console).
import { z } from "zod";
import type { CommandDefinition, FlowDefinition } from "../engine/definitions.ts";
import { FLOW_ACTION_PREFIX } from "../engine/definitions.ts";
import { isLocale, translator, type Locale } from "../engine/i18n.ts";
import { textMessage, type OutboundMessage } from "../engine/messages.ts";
import type { Context } from "../engine/context.ts";
import { setPersonLocale } from "../domain/people/set-locale.ts";
import { normalizeInput } from "../lib/japanese/normalize.ts";

const WORDS: Record<string, Locale> = { ja: "ja", 日本語: "ja", japanese: "ja", en: "en", english: "en", 英語: "en" };

function readLocale(text: string): Locale | undefined {
  const word = normalizeInput(text).toLowerCase();
  return isLocale(word) ? word : WORDS[word];
}

async function apply(ctx: Context, locale: Locale): Promise<OutboundMessage[]> {
  await setPersonLocale(ctx.db, ctx.actor!.personId, locale, `person:${ctx.actor!.personId}`, ctx.now);
  return [textMessage(translator(locale)("language.changed"))];
}

function question(ctx: Context): OutboundMessage {
  return {
    text: ctx.t("language.ask"),
    blocks: [
      {
        type: "choices",
        actionId: `${FLOW_ACTION_PREFIX}language`,
        prompt: ctx.t("language.ask"),
        choices: [
          { label: "日本語", value: "ja" },
          { label: "English", value: "en" },
        ],
      },
    ],
  };
}

export const languageCommand: CommandDefinition = {
  name: "lang",
  aliases: ["language", "言語", "げんご"],
  access: "member",
  async run(ctx, args) {
    if (args[0]) {
      const locale = readLocale(args[0]);
      if (!locale) return [textMessage(ctx.t("language.unknown", { value: args[0] })), question(ctx)];
      return apply(ctx, locale);
    }
    return { startFlow: "language", args: [] };
  },
};

export const languageFlow: FlowDefinition = {
  version: 1,
  data: z.object({}),
  name: "language",
  access: "member",
  start: (ctx) => Promise.resolve({ replies: [question(ctx)], next: { step: "choose", data: {} } }),
  async input(ctx, _step, data, input) {
    const value = input.kind === "action" ? input.value : input.kind === "text" ? input.text : "";
    const locale = readLocale(value);
    if (!locale) return { replies: [textMessage(ctx.t("language.unknown", { value })), question(ctx)], next: { step: "choose", data } };
    return { replies: await apply(ctx, locale) };
  },
};

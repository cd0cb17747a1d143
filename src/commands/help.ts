// `/kyodo help [command]`: what the person may do here, in their language. Commands they may not use
// are left out, and an unlinked person is told first how to link.
import { allowed, type Context } from "../engine/context.ts";
import type { CommandDefinition, CommandResult } from "../engine/definitions.ts";
import type { Block } from "../engine/messages.ts";
import type { Registry } from "../engine/registry.ts";

export function helpCommand(registry: Registry): CommandDefinition {
  return {
    name: "help",
    aliases: ["ヘルプ", "へるぷ", "使い方", "?", "h"],
    access: "anyone",
    run: (ctx, args) => Promise.resolve(helpAnswer(registry, ctx, args)),
  };
}

function helpAnswer(registry: Registry, ctx: Context, args: string[]): CommandResult {
  if (args[0]) {
    const command = registry.command(args[0]);
    if (!command || command.hidden)
      return [
        {
          text: ctx.t("errors.unknownCommand", { word: args[0] }),
          blocks: [{ type: "text", text: ctx.t("errors.unknownCommand", { word: args[0] }) }],
        },
      ];
    const usage = ctx.t(`commands.${command.name}.usage`);
    const text = `${ctx.t(`commands.${command.name}.summary`)}\n${usage}`;
    return [
      {
        text,
        blocks: [
          { type: "header", text: `/kyodo ${command.name}` },
          { type: "text", text },
        ],
      },
    ];
  }
  const visible = registry.commands.filter((c) => !c.hidden && allowed(c.access, ctx.actor));
  const rows = visible.map((c) => [ctx.t(`commands.${c.name}.usage`), ctx.t(`commands.${c.name}.summary`)]);
  const intro = ctx.actor ? ctx.t("help.intro", { name: ctx.actor.displayName }) : ctx.t("help.introUnlinked");
  const blocks: Block[] = [
    { type: "header", text: ctx.t("help.title") },
    { type: "text", text: intro },
    { type: "table", columns: [ctx.t("help.columnCommand"), ctx.t("help.columnWhat")], rows },
    { type: "context", text: ctx.t("help.footer") },
  ];
  const text = [intro, ...rows.map(([u, s]) => `${u} — ${s}`)].join("\n");
  return [{ text, blocks }];
}

// Looks up commands by name or alias (Japanese and English) and flows by name.
import { normalizeInput } from "../lib/japanese/normalize.ts";
import type { Context } from "./context.ts";
import type { CommandDefinition, CommandResult, FlowDefinition } from "./definitions.ts";

/** Reads text that is no command (「賛成です」 right after a ballot notice); undefined when it is not its kind. */
export type TextFallback = (ctx: Context, text: string) => Promise<CommandResult | undefined>;

export class Registry {
  private readonly commandsByWord = new Map<string, CommandDefinition>();
  private readonly flowsByName = new Map<string, FlowDefinition>();
  readonly commands: CommandDefinition[] = [];
  readonly fallbacks: TextFallback[] = [];

  addFallback(fallback: TextFallback): this {
    this.fallbacks.push(fallback);
    return this;
  }

  addCommand(command: CommandDefinition): this {
    for (const word of [command.name, ...command.aliases]) {
      const key = normalizeInput(word).toLowerCase();
      const existing = this.commandsByWord.get(key);
      if (existing && existing !== command) throw new Error(`command word "${word}" is used by both ${existing.name} and ${command.name}`);
      this.commandsByWord.set(key, command);
    }
    this.commands.push(command);
    return this;
  }

  addFlow(flow: FlowDefinition): this {
    if (this.flowsByName.has(flow.name)) throw new Error(`flow ${flow.name} is defined twice`);
    this.flowsByName.set(flow.name, flow);
    return this;
  }

  command(word: string): CommandDefinition | undefined {
    return this.commandsByWord.get(normalizeInput(word).toLowerCase());
  }

  flow(name: string): FlowDefinition | undefined {
    return this.flowsByName.get(name);
  }

  flows(): FlowDefinition[] {
    return [...this.flowsByName.values()];
  }
}

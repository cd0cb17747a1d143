// The two kinds of things the router can run: a one-shot command (`/kyodo help`) and a multi-step flow
// whose state is saved between messages (a survey answer, a vote, linking an account).
import type { z } from "zod";
import type { Access, Context } from "./context.ts";
import type { OutboundMessage } from "./messages.ts";

export interface CommandDefinition {
  /** canonical English name, also the i18n key suffix: commands.<name>.summary / .usage */
  name: string;
  /** other words that call it, Japanese and English (matched after NFKC, case-insensitive) */
  aliases: string[];
  access: Access;
  /** hidden from help (e.g. internal actions) */
  hidden?: boolean;
  run(ctx: Context, args: string[]): Promise<CommandResult>;
}

/** A command either answers, or starts a flow with the given arguments. */
export type CommandResult = OutboundMessage[] | { startFlow: string; args: string[] };

export type FlowInput =
  { kind: "text"; text: string } | { kind: "action"; value: string } | { kind: "form"; values: Record<string, string> };

export interface FlowStep {
  replies: OutboundMessage[];
  /** the next step and its data; absent when the flow is finished */
  next?: { step: string; data: Record<string, unknown> };
}

export interface FlowDefinition {
  name: string;
  access: Access;
  /**
   * The shape of the flow's saved data, checked when a conversation continues (issue #18): a deploy that changes
   * the shape bumps `version`, and a conversation saved under another version or shape is migrated (`migrate`) or
   * restarted with a word to the person — never misread. Flows without a schema accept any saved object.
   */
  version?: number;
  data?: z.ZodType<Record<string, unknown>>;
  /** turns data saved under an older version into the current shape; undefined when it cannot */
  migrate?(data: Record<string, unknown>, fromVersion: number): Record<string, unknown> | undefined;
  start(ctx: Context, args: string[]): Promise<FlowStep>;
  input(ctx: Context, step: string, data: Record<string, unknown>, input: FlowInput): Promise<FlowStep>;
}

/** Action ids carry what to route to: `flow:<name>` answers the active flow; `cmd` runs the command line
 *  in the action's value (a menu button whose value is "organs 幹事会"). */
export const FLOW_ACTION_PREFIX = "flow:";
export const COMMAND_ACTION = "cmd";

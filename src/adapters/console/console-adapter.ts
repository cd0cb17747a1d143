// The local console channel: a person types at a terminal (or pipes a script into stdin) and reads
// Kyodo's answers, as if in a direct-message chat. Numbered choices turn into button presses and forms
// are asked field by field, so every flow can be tried without any chat platform.
import { randomUUID } from "node:crypto";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ChannelAdapter, InboundHandler } from "../../engine/adapter.ts";
import type { Block, ConversationRef, InboundEvent, OutboundMessage } from "../../engine/messages.ts";
import { renderPlainText } from "../shared/render-plain-text.ts";
import { escapeForDisplay } from "../../lib/untrusted-text.ts";

export interface ConsoleTexts {
  choiceHint: string;
  bye: string;
}

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** the chat user id this console speaks as */
  userId: string;
  displayName?: string;
  texts: ConsoleTexts;
  /** echo each input line after the prompt when input is not a terminal, so piped transcripts read well */
  echo?: boolean;
  prompt?: string;
}

type Pending =
  | { kind: "choices"; actionId: string; values: string[] }
  | { kind: "form"; formId: string; fields: Extract<Block, { type: "form" }>["fields"]; values: Record<string, string> };

const EXIT_WORDS = new Set(["exit", "quit", "終了", "おわり"]);

export class ConsoleAdapter implements ChannelAdapter {
  readonly platform = "console";
  private readline: Interface | undefined;
  private pending: Pending | undefined;
  private closed: Promise<void> | undefined;

  private readonly options: ConsoleAdapterOptions;

  constructor(options: ConsoleAdapterOptions) {
    this.options = options;
  }

  get ref(): ConversationRef {
    return { platform: "console", workspace: "local", conversationId: `dm:${this.options.userId}`, isDirect: true };
  }

  start(handle: InboundHandler): Promise<void> {
    const rl = createInterface({ input: this.options.input, terminal: false });
    this.readline = rl;
    this.closed = (async () => {
      this.showPrompt();
      // Lines are handled one at a time, in order, even when a script pipes them all at once.
      for await (const line of rl) {
        if (EXIT_WORDS.has(line.trim().toLowerCase())) break;
        if (this.options.echo) this.write(`${line}\n`);
        if (line.trim().length > 0) await this.dispatch(line, handle);
        this.showPrompt();
      }
      this.write(`\n${this.options.texts.bye}\n`);
    })();
    return Promise.resolve();
  }

  /** Resolves when the person quits or the input ends. */
  finished(): Promise<void> {
    return this.closed ?? Promise.resolve();
  }

  /** A pushed message (reminder, broadcast). Messages for other console users are shown with their
   *  address, since one terminal stands in for every local conversation. */
  post(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    if (ref.conversationId !== this.ref.conversationId) {
      this.write(`\n── ${ref.conversationId} ──\n${renderPlainText(message, { numberChoices: false })}\n`);
    } else {
      this.write("\n");
      this.show(message);
    }
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.readline?.close();
    return Promise.resolve();
  }

  private async dispatch(line: string, handle: InboundHandler): Promise<void> {
    const event = this.toEvent(line.trim());
    if (!event) return; // a form field was collected; more fields to ask
    const replies = await handle(event);
    for (const reply of replies) this.show(reply);
  }

  private toEvent(line: string): InboundEvent | undefined {
    const base = {
      eventId: randomUUID(),
      ref: this.ref,
      user: { externalId: this.options.userId, displayName: this.options.displayName },
      receivedAt: new Date(),
    };
    const pending = this.pending;
    if (pending?.kind === "form") {
      const field = pending.fields[Object.keys(pending.values).length]!;
      pending.values[field.id] = pickOption(
        field.options?.map((o) => o.value),
        line,
      );
      const next = pending.fields[Object.keys(pending.values).length];
      if (next) {
        this.write(`${next.label}${next.required ? " *" : ""}: \n`);
        return undefined;
      }
      this.pending = undefined;
      return { ...base, kind: "form", formId: pending.formId, values: pending.values };
    }
    if (pending?.kind === "choices") {
      const number = Number(line.normalize("NFKC"));
      if (Number.isInteger(number) && number >= 1 && number <= pending.values.length) {
        this.pending = undefined;
        return { ...base, kind: "action", actionId: pending.actionId, value: pending.values[number - 1]! };
      }
    }
    this.pending = undefined;
    return { ...base, kind: "text", text: line };
  }

  private show(message: OutboundMessage): void {
    this.write(`${renderPlainText(message, { numberChoices: true, choiceHint: this.options.texts.choiceHint })}\n`);
    const choices = [...message.blocks].reverse().find((b) => b.type === "choices");
    const form = message.blocks.find((b) => b.type === "form");
    if (form) {
      this.pending = { kind: "form", formId: form.formId, fields: form.fields, values: {} };
      const first = form.fields[0];
      if (first) this.write(`${first.label}${first.required ? " *" : ""}: \n`);
    } else if (choices) {
      this.pending = { kind: "choices", actionId: choices.actionId, values: choices.choices.map((c) => c.value) };
    }
  }

  private showPrompt(): void {
    this.write(this.options.prompt ?? "> ");
  }

  private write(text: string): void {
    // A terminal executes escape sequences; text from others (posts, notes) must not carry any.
    this.options.output.write(escapeForDisplay(text));
  }
}

/** A select field answered with its number picks that option's value. */
function pickOption(values: string[] | undefined, line: string): string {
  if (!values) return line;
  const n = Number(line.normalize("NFKC"));
  return Number.isInteger(n) && n >= 1 && n <= values.length ? values[n - 1]! : line;
}

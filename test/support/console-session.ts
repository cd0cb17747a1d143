// Drives the real console channel the way a person at a terminal would: type a line, read what Kyodo
// printed until it shows the prompt again.
import { PassThrough } from "node:stream";
import { ConsoleAdapter } from "../../src/adapters/console/console-adapter.ts";
import type { Engine } from "../../src/engine/engine.ts";

const PROMPT = "\n> ";

export class ConsoleSession {
  private readonly input = new PassThrough();
  private readonly output = new PassThrough();
  private buffer = "";
  private readonly adapter: ConsoleAdapter;
  private waiter: (() => void) | undefined;

  constructor(engine: Engine, userId: string) {
    this.output.setEncoding("utf8");
    this.output.on("data", (chunk: string) => {
      this.buffer += chunk;
      this.waiter?.();
    });
    this.adapter = new ConsoleAdapter({
      input: this.input,
      output: this.output,
      userId,
      texts: { choiceHint: "番号で選べます", bye: "bye" },
      prompt: "> ",
    });
    void this.adapter.start((event) => engine.handle(event));
  }

  /** Sends one line and returns everything printed in answer (without the prompt). */
  async say(line: string): Promise<string> {
    this.buffer = "";
    this.input.write(`${line}\n`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to "${line}"; got: ${this.buffer}`)), 20_000);
      this.waiter = () => {
        if (this.buffer.endsWith(PROMPT) || this.buffer === "> ") {
          clearTimeout(timer);
          resolve();
        }
      };
      this.waiter();
    });
    return this.buffer.slice(0, -PROMPT.length + 1).trim();
  }

  async close(): Promise<void> {
    this.input.end();
    await this.adapter.finished();
  }
}

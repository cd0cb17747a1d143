// The adapter contract on the console: the real ConsoleAdapter on in-memory streams, one terminal per
// person, typing lines and reading what Kyodo printed, as `npm start` runs it. Pushes reach the one
// terminal registered with the outbox (as in main.ts), which prints other people's messages under a
// "── <conversation> ──" line.
import { PassThrough } from "node:stream";
import { ConsoleAdapter } from "../../src/adapters/console/console-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { missing, settle, waitFor, type Capabilities, type ChannelHarness, type Shown, type Where } from "./channel-harness.ts";
import { describeChannelContract } from "./channel-contract.ts";

const PROMPT = "\n> ";
const noNetwork = "a local terminal: nothing arrives over a network";

interface Terminal {
  input: PassThrough;
  adapter: ConsoleAdapter;
  output: string;
  read: number;
}

class ConsoleHarness implements ChannelHarness {
  readonly channel = "console";
  readonly capabilities: Capabilities = {
    signatures: missing(`${noNetwork}, so there is no request to sign`),
    redelivery: missing(`${noNetwork}; every typed line is a new event`),
    groups: missing("a console is one person's terminal: there is no shared conversation"),
    opensDirect: missing("a console is one person's terminal: there is no shared conversation"),
    buttons: true,
    forms: missing("Kyodo opens forms only on Slack and Mattermost (src/commands/form-platforms.ts); the console is asked step by step"),
    commands: true,
    linking: true,
    messageLimit: missing("a terminal shows text of any length"),
  };
  kyodo!: TestKyodo;
  private readonly terminals = new Map<string, Terminal>();
  private pushTerminal: Terminal | undefined;

  async start() {
    this.kyodo = await startTestKyodo({}, { http: false });
  }

  async stop() {
    for (const t of this.terminals.values()) {
      t.input.end();
      await t.adapter.finished();
    }
    await this.kyodo?.dispose();
  }

  conversationOf(user: string) {
    return `dm:${user}`;
  }

  private terminal(user: string): Terminal {
    const existing = this.terminals.get(user);
    if (existing) return existing;
    const input = new PassThrough();
    const output = new PassThrough();
    output.setEncoding("utf8");
    const adapter = new ConsoleAdapter({ input, output, userId: user, texts: { choiceHint: "番号で選べます", bye: "bye" }, prompt: "> " });
    const terminal: Terminal = { input, adapter, output: "", read: 0 };
    output.on("data", (chunk: string) => (terminal.output += chunk));
    void adapter.start((event) => this.kyodo.engine.handle(event));
    this.terminals.set(user, terminal);
    // One terminal shows what the outbox pushes, as `npm start` registers its console.
    if (!this.pushTerminal) {
      this.pushTerminal = terminal;
      this.kyodo.outbox.register(adapter);
    }
    return terminal;
  }

  link(user: string, handle: string) {
    return this.kyodo.codeFor(handle).then((code) => this.say(user, `link ${code}`));
  }

  async say(user: string, text: string, where: Where = "direct") {
    if (where === "group") throw new Error("the console has no shared conversation");
    const terminal = this.terminal(user);
    // The first prompt; later ones end each answer (a push may have been printed after one since).
    await waitFor(() => terminal.output.includes("> "), "the prompt");
    terminal.read = terminal.output.length;
    terminal.input.write(`${text}\n`);
    await waitFor(() => terminal.output.length > terminal.read && terminal.output.endsWith(PROMPT), `an answer to "${text}"`, 20_000);
    const answer = terminal.output.slice(terminal.read, -PROMPT.length).trim();
    terminal.read = terminal.output.length;
    return [{ conversation: this.conversationOf(user), text: answer, sizes: [answer.length] }];
  }

  /** A numbered choice is pressed by typing its number, as the console asks. */
  async press(user: string, label: string, times = 1) {
    const terminal = this.terminal(user);
    const numbered = [...terminal.output.matchAll(/^ {2}(\d+)\) (.+)$/gm)].findLast((m) => m[2] === label);
    if (!numbered) throw new Error(`no numbered choice "${label}" shown to ${user}`);
    const shown: Shown[] = [];
    for (let i = 0; i < times; i++) shown.push(...(await this.say(user, numbered[1]!)));
    return shown;
  }

  /** The registered terminal prints each push: its own plainly, another person's under "── <conversation> ──". */
  async flushOutbox(): Promise<Shown[]> {
    const terminal = this.pushTerminal!;
    const start = terminal.output.length;
    await this.kyodo.outbox.flush(new Date());
    await settle(this.kyodo);
    const printed = terminal.output.slice(start);
    terminal.read = terminal.output.length;
    const shown: Shown[] = [];
    for (const part of printed.split(/\n(?=── )/)) {
      const header = part.match(/^── (\S+) ──\n/);
      const text = (header ? part.slice(header[0].length) : part).trim();
      if (text)
        shown.push({
          conversation: header ? header[1]! : this.conversationOf([...this.terminals].find(([, t]) => t === terminal)![0]),
          text,
          sizes: [text.length],
        });
    }
    return shown;
  }

  refusals() {
    return [];
  }
}

describeChannelContract(() => new ConsoleHarness());

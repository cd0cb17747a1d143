// The adapter contract on Mattermost: a real Kyodo receiving slash commands (with the command token),
// button callbacks and dialog submissions over HTTP and direct messages over the bot's WebSocket, from the
// fake Mattermost server on loopback (test/mattermost/support), which plays the people's side too.
import { expect } from "vitest";
import { startMattermostKyodo, type MattermostKyodo } from "../mattermost/support/mattermost-kyodo.ts";
import { buttonsOf, readable, type Channel, type OpenDialog, type Person, type StoredPost } from "../mattermost/support/fake-mattermost.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { settle, type Capabilities, type ChannelHarness, type FormOutcome, type Shown, type Where } from "./channel-harness.ts";
import { describeChannelContract } from "./channel-contract.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

type DialogElement = { name: string; type: string; options?: Array<{ text: string; value: string }> };
const elementsOf = (open: OpenDialog) => (open.dialog as { elements: DialogElement[] }).elements;

/** Mattermost counts a post's message in characters (runes). */
const chars = (text: string) => Array.from(text).length;

class MattermostHarness implements ChannelHarness {
  readonly channel = "mattermost";
  readonly capabilities: Capabilities = {
    signatures: true,
    redelivery: true,
    groups: true,
    opensDirect: true,
    buttons: true,
    forms: true,
    commands: true,
    linking: true,
    messageLimit: 16_383,
  };
  private t!: MattermostKyodo;
  private group!: Channel;
  /** what the people themselves wrote: not Kyodo's answers */
  private readonly written = new Set<string>();
  private dialog: OpenDialog | undefined;

  get kyodo(): TestKyodo {
    return this.t.kyodo;
  }

  async start() {
    this.t = await startMattermostKyodo();
    this.group = this.t.mm.channel("town-square");
  }

  async stop() {
    await this.t?.dispose();
  }

  private person(user: string): Person {
    return this.t.mm.person(user);
  }

  conversationOf(user: string, where: Where) {
    return where === "direct" ? this.t.mm.dmOf(this.person(user)).id : this.group.id;
  }

  /** People link with the slash command in their direct channel, as the support's helper does; Kyodo learns from
   *  that first command the URL Mattermost reaches it at (for buttons), MATTERMOST_CALLBACK_URL being unset. */
  async link(user: string, handle: string) {
    const person = this.person(user);
    const code = await this.kyodo.codeFor(handle);
    return this.collect(async () => {
      expect((await this.t.mm.slash(person, this.t.mm.dmOf(person), `link ${code}`)).status).toBe(200);
    });
  }

  say(user: string, text: string, where: Where = "direct") {
    const person = this.person(user);
    return this.collect(async () => {
      if (where === "group") {
        expect((await this.t.mm.slash(person, this.group, text)).status).toBe(200);
        return;
      }
      await this.heard(this.t.mm.dm(person, text));
    });
  }

  sayTwice(user: string, text: string) {
    return this.collect(async () => {
      const post = this.t.mm.dm(this.person(user), text);
      await this.heard(post);
      this.t.mm.repost(post);
      // Nothing to wait for when the repeat is rightly ignored: give the socket a moment to deliver it.
      await new Promise((r) => setTimeout(r, 300));
    });
  }

  async sayForged(user: string, text: string, how: "wrong" | "absent") {
    const person = this.person(user);
    const answer = await this.t.mm.slash(person, this.t.mm.dmOf(person), text, how === "wrong" ? "forged-command-token" : "");
    await settle(this.kyodo, () => this.t.settle());
    return { refused: answer.status === 401, detail: `HTTP ${answer.status}` };
  }

  press(user: string, label: string, times = 1) {
    const person = this.person(user);
    const post = this.t.mm.seenIn(this.conversationOf(user, "direct"), person).findLast((p) => buttonsOf(p).includes(label));
    if (!post) throw new Error(`no button "${label}" shown to ${user}`);
    // The post as the person's client shows it when they click: a second click may come before the first one's update.
    const shown = structuredClone(post);
    return this.collect(async () => {
      for (let i = 0; i < times; i++)
        expect((await this.t.mm.press(person, i === 0 ? post : structuredClone(shown), label)).status).toBe(200);
    });
  }

  async openForm(user: string, command: string) {
    const person = this.person(user);
    const before = this.t.mm.dialogs.length;
    expect((await this.t.mm.slash(person, this.t.mm.dmOf(person), command)).status).toBe(200);
    this.dialog = this.t.mm.dialogs[before];
    if (!this.dialog) throw new Error(`"${command}" opened no dialog`);
    return { fields: elementsOf(this.dialog).map((e) => e.name) };
  }

  async submitForm(user: string, values: Record<string, string>): Promise<FormOutcome> {
    const dialog = this.dialog!;
    const submission: Record<string, string> = {};
    for (const element of elementsOf(dialog)) {
      const value = values[element.name];
      if (value === undefined) continue;
      submission[element.name] = element.options?.find((o) => o.text === value || o.value === value)?.value ?? value;
    }
    let errors: Record<string, string> = {};
    const shown = await this.collect(async () => {
      const answer = await this.t.mm.submitDialog(this.person(user), dialog, submission, this.t.mm.dmOf(this.person(user)));
      expect(answer.status).toBe(200);
      errors = (answer.body as { errors?: Record<string, string> } | undefined)?.errors ?? {};
    });
    return { errors, shown };
  }

  flushOutbox() {
    return this.collect(async () => {
      await this.kyodo.outbox.flush(new Date());
    });
  }

  refusals() {
    return this.t.mm.calls.filter((c) => c.status === 400).map((c) => `${c.method} ${c.path}: ${JSON.stringify(c.body).slice(0, 200)}`);
  }

  /** Waits until Kyodo has taken in a direct message from its WebSocket. */
  private async heard(post: StoredPost) {
    this.written.add(post.id);
    const key = `:post:${post.id}`;
    const until = Date.now() + 15_000;
    while (!(await inboxDbOf(this.kyodo.db).inboxEvent.findFirst({ where: { dedupeKey: { endsWith: key } } }))) {
      if (Date.now() > until) throw new Error(`Kyodo never heard "${post.message}"`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Runs `act`, waits for Kyodo, and returns the posts Kyodo made or changed meanwhile. */
  private async collect(act: () => Promise<void>): Promise<Shown[]> {
    const edits = new Map(this.t.mm.posts.map((p) => [p.id, p.edits]));
    await act();
    await settle(this.kyodo, () => this.t.settle());
    return this.t.mm.posts
      .filter((p) => !this.written.has(p.id) && edits.get(p.id) !== p.edits)
      .map((p) => ({ conversation: p.channel_id, text: readable(p), sizes: [chars(p.message)] }));
  }
}

describeChannelContract(() => new MattermostHarness());

// The adapter contract (issue #18): what one channel's test file supplies so that the shared suite
// (channel-contract.ts) can check the same behaviours on every channel. A harness starts a real Kyodo with
// its channel against that channel's existing fake on loopback, and speaks as the platform's people would:
// signed requests, button presses, form submissions. It reports what the fake received back as `Shown`.
// Capabilities a channel genuinely lacks are declared `Missing` with a reason: the suite skips those cases
// with the reason in the test's name, so a gap is visible instead of passing silently.
//
// A new channel writes ONE file, test/contract/<channel>.contract.test.ts: a class implementing
// ChannelHarness (usually 100–200 lines over the channel's fake) and `describeChannelContract(() => new …)`.
// The methods marked (signatures), (buttons)… are needed only when that capability is declared; the suite
// checks that every declared capability has them.
import type { TestKyodo } from "../support/test-kyodo.ts";

/** A capability the channel lacks, and why; the suite prints the reason when it skips. */
export interface Missing {
  missing: string;
}

export const missing = (reason: string): Missing => ({ missing: reason });

export const isMissing = (value: unknown): value is Missing => typeof value === "object" && value !== null && "missing" in value;

/** One message the platform received from Kyodo, as its people would read it. */
export interface Shown {
  /** the platform's conversation it went into (Slack channel, LINE user or group, Mattermost channel, address) */
  conversation: string;
  /** everything a person reads in it: text, blocks, buttons, card texts */
  text: string;
  /** the lengths of the parts the platform limits (Slack section texts, a LINE text message, a Mattermost post) */
  sizes: number[];
  /** how it was sent, where the platform tells an answer from a push (LINE reply token, webhook inReplyTo,
   *  email In-Reply-To); absent where both look alike (a Slack or Mattermost post) */
  via?: "reply" | "push";
}

/** Where a person writes from: their one-to-one conversation with Kyodo, or a shared one (channel, group). */
export type Where = "direct" | "group";

export interface Capabilities {
  /** inbound requests carry a signature Kyodo verifies */
  signatures: true | Missing;
  /** the platform delivers an event again with the same id (after a timeout, a reconnect) */
  redelivery: true | Missing;
  /** people also write to Kyodo from shared conversations (channels, groups) */
  groups: true | Missing;
  /** Kyodo opens a person's direct conversation itself, so someone who linked in a shared one is reachable at once */
  opensDirect: true | Missing;
  /** messages carry buttons (or numbered choices) a person presses */
  buttons: true | Missing;
  /** the platform opens forms (Slack modal, Mattermost dialog); others are asked step by step */
  forms: true | Missing;
  /** people type commands (help, vote, ballot new); email carries only answers to Kyodo's own mails */
  commands: true | Missing;
  /** people link their account themselves with an enrolment code */
  linking: true | Missing;
  /** the longest part (see Shown.sizes) one message may carry */
  messageLimit: number | Missing;
}

/** A form Kyodo opened for a person: its field ids, in order. */
export interface OpenedForm {
  fields: string[];
}

export interface FormOutcome {
  /** problems shown under the fields while the form stays open (none when it was accepted) */
  errors: Record<string, string>;
  /** messages shown after the submission */
  shown: Shown[];
}

/** The optional methods a capability needs: a harness declaring the capability must have them. */
export const METHODS_OF: Partial<Record<keyof Capabilities, Array<keyof ChannelHarness>>> = {
  signatures: ["sayForged"],
  redelivery: ["sayTwice"],
  buttons: ["press"],
  forms: ["openForm", "submitForm"],
};

/**
 * One channel, driven from outside as its platform's people would. `user` is a name the suite picks
 * ("sato", "stranger"); the harness maps it to a platform account (U0SATO, a LINE user id, an address).
 * Every method that sends waits until Kyodo has worked on it and answered (inbox, adapter, outbox idle),
 * and resolves with what the platform received from Kyodo meanwhile, in any conversation.
 */
export interface ChannelHarness {
  readonly channel: string;
  readonly capabilities: Capabilities;
  /** the real Kyodo behind the channel (set by start) */
  readonly kyodo: TestKyodo;
  /** Text that votes for every motion of ballot 1 in one message ("vote 1 全議案賛成" in chat). */
  readonly voteAllText?: string;

  start(): Promise<void>;
  stop(): Promise<void>;

  /** The conversation a person's messages from `where` come from (their DM, or the shared one). */
  conversationOf(user: string, where: Where): string;
  /** Makes the demo person `handle` the account of `user` here (chat: "link <code>" in the DM). */
  link(user: string, handle: string): Promise<Shown[]>;
  /** A correctly signed text from the person. */
  say(user: string, text: string, where?: Where): Promise<Shown[]>;
  /** (redelivery) The same text event delivered twice under one event id, as the platform redelivers it. */
  sayTwice?(user: string, text: string): Promise<Shown[]>;
  /** (signatures) The text with a forged signature (`wrong`) or none (`absent`); resolves with what the platform was told. */
  sayForged?(user: string, text: string, how: "wrong" | "absent"): Promise<{ refused: boolean; detail: string }>;
  /** (buttons) Presses the button (or numbered choice) labelled `label` on the last message shown to the person that has
   *  it; `times` 2 is a double click, delivered as the platform delivers one (two callbacks, two postbacks). */
  press?(user: string, label: string, times?: number): Promise<Shown[]>;
  /** Asks Kyodo for the ballot's question the way this channel does (chat: "vote"). */
  askToVote?(user: string): Promise<Shown[]>;
  /** (forms) Sends a command that opens a form and returns the form opened. */
  openForm?(user: string, command: string): Promise<OpenedForm>;
  /** (forms) Submits the last opened form with values by field id (a select's value given as its label). */
  submitForm?(user: string, values: Record<string, string>): Promise<FormOutcome>;
  /** Sends what the outbox holds for this channel, now; resolves with what the platform received. */
  flushOutbox(): Promise<Shown[]>;
  /** Everything the fake refused or would refuse so far (over-long messages, invalid blocks). */
  refusals(): string[];
}

/** Polls until `probe` gives something truthy. */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`waited in vain for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until Kyodo has nothing left to do for what it received: inbox work, the adapter's own sends, the outbox. */
export async function settle(kyodo: TestKyodo, adapterIdle: () => Promise<void> = async () => {}): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await kyodo.inbox.idle();
    await adapterIdle();
    await kyodo.outbox.idle();
    await new Promise((r) => setTimeout(r, 15));
  }
}

// Real SMTP on loopback, both ways: a fake council mail relay (smtp-server) that Kyodo sends through and
// that keeps every message it is given, parsed with mailparser as a mail client would read it; and a
// sender (nodemailer) that delivers replies into Kyodo's own receiver, as the council's server forwards
// them. DNS for DKIM/SPF/DMARC comes from a fixed table, so no test touches the network.
import { readFileSync } from "node:fs";
import { simpleParser, type ParsedMail } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import type { EmailAdapter } from "../../../src/adapters/email/email-adapter.ts";
import type { StartOptions } from "../../../src/app.ts";
import { startTestKyodo, type TestKyodo } from "../../support/test-kyodo.ts";

export const MAIL_DOMAIN = "kyodo.example.jp";
export const MAIL_FROM = "共同 事務局 <kyodo@kyodo.example.jp>";

export interface CapturedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

/** The council's relay as Kyodo sees it. `refuse` makes it answer the next messages with an SMTP error. */
export class FakeRelay {
  readonly messages: CapturedMail[] = [];
  refuse: { code: number; message: string } | undefined;
  private server: SMTPServer | undefined;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          if (this.refuse) return callback(Object.assign(new Error(this.refuse.message), { responseCode: this.refuse.code }));
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then((parsed) => {
            this.messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
            });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.envelope.to.includes(address));
  }

  last(address: string): CapturedMail {
    const list = this.to(address);
    if (list.length === 0)
      throw new Error(
        `no mail to ${address} (got: ${this.messages.map((m) => `${m.envelope.to.join(",")} ${m.parsed.subject}`).join(" | ")})`,
      );
    return list.at(-1)!;
  }

  clear(): void {
    this.messages.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** DNS answers from a table: "TXT:s1._domainkey.example.jp" → [["v=DKIM1; …"]]. Anything else does not exist. */
export function fakeDns(records: Record<string, string[][] | string[]> = {}) {
  const lookups: string[] = [];
  const resolver = (name: string, rrtype: string) => {
    const key = `${rrtype}:${name.toLowerCase()}`;
    lookups.push(key);
    const found = records[key];
    if (found) return Promise.resolve(found);
    return Promise.reject(Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" }));
  };
  return { resolver, lookups };
}

export interface EmailKyodo {
  kyodo: TestKyodo;
  relay: FakeRelay;
  adapter: EmailAdapter;
  inboundPort: number;
  dispose(): Promise<void>;
}

export async function startEmailKyodo(
  env: Record<string, string>,
  options: StartOptions & { dns?: ReturnType<typeof fakeDns> } = {},
): Promise<EmailKyodo> {
  const relay = await new FakeRelay().start();
  const dns = options.dns ?? fakeDns();
  const kyodo = await startTestKyodo(
    { SMTP_URL: `smtp://127.0.0.1:${relay.port}`, MAIL_FROM, MAIL_DOMAIN, INBOUND_SMTP_PORT: "0", ...env },
    { ...options, mailResolver: dns.resolver },
  );
  const adapter = kyodo.channels.find((c) => c.adapter.platform === "email")!.adapter as EmailAdapter;
  return {
    kyodo,
    relay,
    adapter,
    inboundPort: adapter.inboundPort!,
    async dispose() {
      await kyodo.dispose();
      await relay.stop();
    },
  };
}

export interface SendResult {
  accepted: boolean;
  code?: number;
  response: string;
}

/** Delivers a message into Kyodo's receiver over SMTP (or LMTP), as the council's relay would. */
export async function deliver(
  port: number,
  message: { from: string; to: string; raw: Buffer | string },
  lmtp = false,
): Promise<SendResult> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, lmtp } as Parameters<
    typeof nodemailer.createTransport
  >[0]);
  try {
    const info = (await transport.sendMail({ envelope: { from: message.from, to: [message.to] }, raw: message.raw })) as {
      response: string;
    };
    return { accepted: true, response: info.response };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message: string };
    return { accepted: false, code: e.responseCode, response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}

/** Builds a plain reply the way a simple client would (nodemailer's composer, UTF-8). */
export async function composeReply(input: {
  from: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  inReplyTo?: string;
  messageId?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer }>;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
}): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "\r\n" });
  const info = (await transport.sendMail({ ...input, references: input.inReplyTo })) as { message: Buffer };
  return info.message;
}

/** A hand-written reply (test/email/fixtures/*.eml) with its placeholders filled; bytes kept as they are. */
export function fixture(name: string, values: Record<string, string>): Buffer {
  let text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url)).toString("latin1");
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value);
  return Buffer.from(text.replace(/\r?\n/g, "\r\n"), "latin1");
}

/** The reply address (vote+token@…) of a captured ballot email. */
export function replyToOf(mail: CapturedMail): string {
  const address = mail.parsed.replyTo?.value[0]?.address;
  if (!address) throw new Error(`no Reply-To in "${mail.parsed.subject}"`);
  return address;
}

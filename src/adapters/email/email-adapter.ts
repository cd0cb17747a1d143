// The email channel: sends what the outbox queued for platform "email" through the council's mail relay
// (nodemailer, SMTP_URL), and runs the inbound receiver for replies when it is configured. Like every
// adapter it knows nothing of ballots: the receiver hands each message to a handler wired in from outside.
import type { Transporter } from "nodemailer";
import { loadNodemailer } from "../../lib/load-on-first-use.ts";
import type { Logger } from "pino";
import { DeliveryError, type ChannelAdapter } from "../../engine/adapter.ts";
import type { ConversationRef, OutboundMessage } from "../../engine/messages.ts";
import { composeMail, type MailSettings } from "./compose-mail.ts";
import { InboundMailServer, type ReceivedMailHandler } from "./inbound-server.ts";

export const EMAIL_PLATFORM = "email";

export interface EmailAdapterOptions extends MailSettings {
  smtpUrl: string;
  logger: Logger;
  inbound?: { host: string; port: number; lmtp: boolean; maxBytes: number; storeBytes: number; onMail: ReceivedMailHandler };
}

/** SMTP replies 4xx and network failures are worth another try; 5xx (unknown mailbox, refused) are not. */
export function classifySmtpError(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const reason = `${e.code ?? "SMTP"}${e.responseCode ? ` ${e.responseCode}` : ""}: ${e.message ?? String(error)}`;
  if (typeof e.responseCode === "number") return new DeliveryError(reason, { retryable: e.responseCode < 500, status: e.responseCode });
  // EENVELOPE without a server reply: an address nodemailer itself could not use.
  if (e.code === "EENVELOPE" || e.code === "EMESSAGE") return new DeliveryError(reason, { retryable: false });
  return new DeliveryError(reason, { retryable: true });
}

export class EmailAdapter implements ChannelAdapter {
  readonly platform = EMAIL_PLATFORM;
  private readonly options: EmailAdapterOptions;
  /** made at the first send: nodemailer is loaded only by a Kyodo that mails (src/lib/load-on-first-use.ts) */
  private transport: Promise<Transporter> | undefined;
  private readonly receiver: InboundMailServer | undefined;

  constructor(options: EmailAdapterOptions) {
    this.options = options;
    this.receiver = options.inbound
      ? new InboundMailServer({ ...options.inbound, domain: options.domain, logger: options.logger, bounceSecret: options.bounceSecret })
      : undefined;
  }

  /** The receiver's port (useful when it was started on port 0). */
  get inboundPort(): number | undefined {
    return this.receiver?.port;
  }

  async start(): Promise<void> {
    // Mail replies are not chat events: they go to the receiver's own handler, not to the engine.
    await this.receiver?.start();
  }

  async post(ref: ConversationRef, message: OutboundMessage, retryKey?: string): Promise<void> {
    const mail = composeMail(ref, message, this.options, retryKey);
    try {
      this.transport ??= loadNodemailer().then((nodemailer) => nodemailer.createTransport(this.options.smtpUrl));
      await (await this.transport).sendMail(mail);
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  async stop(): Promise<void> {
    await this.receiver?.stop();
    const transport = this.transport;
    this.transport = undefined;
    if (transport) (await transport.catch(() => undefined))?.close();
  }
}

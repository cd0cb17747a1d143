// The built-in receiver the council's mail server forwards ballot replies to, over SMTP or LMTP. It takes
// mail only for vote+<token>@<mail domain> and for correctly signed bounce+…@<mail domain> addresses
// (others are refused at RCPT with 550), announces and enforces a
// size limit (552), keeps at most `storeBytes` of each message, and hands each recipient's copy to the
// handler, whose answer becomes the SMTP reply — per recipient with LMTP. It knows nothing of ballots.
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from "smtp-server";
import { loadSmtpServer } from "../../lib/load-on-first-use.ts";
import { looksLikeBounceAddress, readBounceAddress } from "../../lib/verp.ts";
import { ballotReplyToken } from "./recipient.ts";

export interface ReceivedMail {
  /** the message as received, with Kyodo's Received header on top, cut at storeBytes */
  raw: Buffer;
  truncated: boolean;
  /** bytes received */
  size: number;
  /** over the size limit: the handler only records it, the sender gets 552 */
  sizeExceeded: boolean;
  /** envelope sender; "" for the null sender of bounces */
  mailFrom: string;
  remoteAddress: string;
  helo: string;
}

export interface MailAnswer {
  /** 250, or a 4xx/5xx refusal */
  code: number;
  message: string;
}

export type ReceivedMailHandler = (mail: ReceivedMail, recipient: string) => Promise<MailAnswer>;

export interface InboundServerOptions {
  host: string;
  port: number;
  lmtp: boolean;
  domain: string;
  maxBytes: number;
  storeBytes: number;
  onMail: ReceivedMailHandler;
  logger: Logger;
  /** checks the signature of bounce+…@domain addresses; without it bounce addresses are refused */
  bounceSecret?: string;
}

/** A message to one relay carries at most this many of our addresses; more looks like abuse. */
const MAX_RECIPIENTS = 10;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export class InboundMailServer {
  private readonly options: InboundServerOptions;
  private server: SMTPServer | undefined;

  constructor(options: InboundServerOptions) {
    this.options = options;
  }

  get port(): number | undefined {
    const address: AddressInfo | string | null | undefined = this.server?.server.address();
    return address && typeof address === "object" ? address.port : undefined;
  }

  async start(): Promise<void> {
    const { options } = this;
    const { SMTPServer } = await loadSmtpServer();
    const server = new SMTPServer({
      name: options.domain,
      banner: "Kyodo ballot replies",
      lmtp: options.lmtp,
      size: options.maxBytes,
      authOptional: true,
      // The council's relay forwards over the internal network; authentication and TLS are the relay's job.
      disabledCommands: ["AUTH", "STARTTLS"],
      disableReverseLookup: true,
      maxClients: 20,
      socketTimeout: 60_000,
      logger: false,
      onRcptTo: (address, session, callback) => {
        if (looksLikeBounceAddress(address.address, options.domain)) {
          // Bounces for Kyodo's own mail: only to an address Kyodo signed, so nobody fails others' deliveries.
          if (!options.bounceSecret || readBounceAddress(address.address, options.bounceSecret, options.domain) === undefined) {
            return callback(smtpError(550, `5.1.1 <${address.address}>: unknown bounce address`));
          }
          return callback();
        }
        if (ballotReplyToken(address.address, options.domain) === undefined) {
          return callback(
            smtpError(550, `5.1.1 <${address.address}>: Kyodo only takes replies to ballot emails (vote+...@${options.domain})`),
          );
        }
        if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, "4.5.3 Too many recipients"));
        callback();
      },
      onData: (stream, session, callback) => {
        this.collect(stream, session).then(
          (answers) => {
            if (options.lmtp)
              return callback(
                null,
                answers.map((a) => (a.code < 400 ? a.message : smtpError(a.code, a.message))),
              );
            // SMTP has one answer for all recipients: a refusal only when none of them was taken.
            const accepted = answers.find((a) => a.code < 400);
            callback(accepted ? null : smtpError(answers[0]!.code, answers[0]!.message), accepted?.message);
          },
          (error: unknown) => {
            options.logger.error({ err: error }, "inbound mail failed");
            callback(smtpError(451, "4.3.0 Temporary failure, please try again later"));
          },
        );
      },
    });
    server.on("error", (error) => options.logger.warn({ err: error }, "inbound smtp error"));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    options.logger.info(
      { host: options.host, port: this.port, protocol: options.lmtp ? "lmtp" : "smtp" },
      "inbound mail receiver listening",
    );
  }

  private async collect(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<MailAnswer[]> {
    const { options } = this;
    const helo = session.hostNameAppearsAs || "unknown";
    // A Received header like any MTA's, so the stored message shows where it came from.
    const received = Buffer.from(
      `Received: from ${helo} ([${session.remoteAddress}]) by ${options.domain} (Kyodo) with ${options.lmtp ? "LMTP" : "SMTP"} id ${session.id}; ${new Date().toUTCString()}\r\n`,
    );
    const chunks: Buffer[] = [received];
    let kept = received.length;
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (kept < options.storeBytes) {
        const part = chunk.subarray(0, options.storeBytes - kept);
        chunks.push(part);
        kept += part.length;
      }
    }
    const mail: ReceivedMail = {
      raw: Buffer.concat(chunks),
      truncated: size + received.length > kept,
      size,
      sizeExceeded: stream.sizeExceeded || size > options.maxBytes,
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
      remoteAddress: session.remoteAddress,
      helo,
    };
    const answers: MailAnswer[] = [];
    // One recipient after the other: two copies of one message must not race each other.
    for (const rcpt of session.envelope.rcptTo) answers.push(await options.onMail(mail, rcpt.address));
    if (mail.sizeExceeded) return answers.map(() => ({ code: 552, message: `5.3.4 Message too big (limit ${options.maxBytes} bytes)` }));
    return answers;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// Bolt receiver for HTTP mode on Kyodo's own express server: `POST /slack/events` takes slash commands,
// interactivity and Events API deliveries. It reads the raw body itself (signatures are over the exact
// bytes, so no body parser may run first), refuses unsigned, badly signed or stale requests with 401
// before anything is parsed, and hands verified payloads to Bolt. The acknowledgement is sent only after
// the listeners have stored the event in Kyodo's inbox (processBeforeResponse), never before.
import { randomUUID } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import { HTTPResponseAck, type App, type Logger as SlackSdkLogger, type Receiver } from "@slack/bolt";
import type { Logger } from "pino";
import { slackPayloadProblem } from "./payload-schema.ts";
import { verifySlackSignature } from "./verify-signature.ts";

export const SLACK_EVENTS_PATH = "/slack/events";
/** Slack's largest payloads (a modal submission of a long form) stay far below this. */
const BODY_LIMIT = "1mb";

export interface SlackHttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  sdkLogger: SlackSdkLogger;
  clock?: () => number;
}

type Payload = Record<string, unknown>;

export class SlackHttpReceiver implements Receiver {
  readonly router: Router;
  private bolt: App | undefined;
  private readonly options: SlackHttpReceiverOptions;

  constructor(options: SlackHttpReceiverOptions) {
    this.options = options;
    this.router = express.Router();
    this.router.post(SLACK_EVENTS_PATH, express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res) => this.receive(req, res));
  }

  init(app: App): void {
    this.bolt = app;
  }

  /** The express server is Kyodo's; it is started and stopped there. */
  async start(): Promise<void> {}

  stop(): Promise<void> {
    this.bolt = undefined;
    return Promise.resolve();
  }

  private async receive(req: Request, res: Response): Promise<void> {
    const log: Logger = (res.locals.log as Logger | undefined) ?? this.options.logger;
    const requestId = String(res.getHeader("x-request-id") ?? randomUUID());
    const raw = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
    const check = verifySlackSignature(
      this.options.signingSecret,
      { signature: req.header("x-slack-signature"), timestamp: req.header("x-slack-request-timestamp") },
      raw,
      (this.options.clock ?? Date.now)(),
    );
    if (!check.ok) {
      log.warn({ reason: check.reason }, "slack request refused");
      res.status(401).send();
      return;
    }
    let body: Payload;
    try {
      body = parseBody(raw, req.header("content-type"));
    } catch {
      log.warn("slack request body unreadable");
      res.status(400).send();
      return;
    }
    const problem = slackPayloadProblem(body);
    if (problem) {
      log.warn({ reason: problem }, "signed slack request with an unexpected shape refused");
      res.status(400).send();
      return;
    }
    if (body.ssl_check) {
      res.status(200).send();
      return;
    }
    if (body.type === "url_verification") {
      res.json({ challenge: body.challenge });
      return;
    }
    if (!this.bolt) {
      // Mounted but not started yet (or stopping): Slack retries events, and a person can try again.
      res.status(503).send();
      return;
    }
    const ack = new HTTPResponseAck({
      logger: this.options.sdkLogger,
      processBeforeResponse: true,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const retryNum = req.header("x-slack-retry-num");
    // A listener that could not store the event says so here; Slack then gets a 500, not an acknowledgement.
    const outcome = { failed: false };
    try {
      await this.bolt.processEvent({
        body,
        ack: ack.bind(),
        retryNum: retryNum ? Number(retryNum) : undefined,
        retryReason: req.header("x-slack-retry-reason"),
        customProperties: { requestId, outcome },
      });
      if (res.headersSent) return;
      if (outcome.failed || ack.storedResponse === undefined) res.status(500).send();
      else if (typeof ack.storedResponse === "string") res.status(200).send(ack.storedResponse);
      else res.status(200).json(ack.storedResponse);
    } catch (error) {
      log.error({ err: error }, "slack request handling failed");
      if (!res.headersSent) res.status(500).send();
    }
  }
}

/** Slash commands arrive form-encoded; interactivity form-encoded with a JSON `payload`; events as JSON. */
function parseBody(raw: string, contentType: string | undefined): Payload {
  if ((contentType ?? "").startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(raw);
    const payload = form.get("payload");
    if (payload !== null) return JSON.parse(payload) as Payload;
    return Object.fromEntries(form);
  }
  const parsed = JSON.parse(raw) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
  return parsed as Payload;
}

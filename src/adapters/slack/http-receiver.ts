// Bolt receiver for HTTP mode on Kyodo's own HTTP server: `POST /slack/events` takes slash commands,
// interactivity and Events API deliveries. The server answers it directly, before Express (it is the
// acknowledgement path: src/lib/direct-routes.ts says why). It reads the raw body itself (signatures are
// over the exact bytes, so no body parser may run first), refuses unsigned, badly signed or stale
// requests with 401 before anything is parsed, and hands verified payloads to Bolt. The acknowledgement
// is sent only after the listeners have stored the event in Kyodo's inbox (processBeforeResponse), never before.
import type { Express } from "express";
import { HTTPResponseAck, type App, type Logger as SlackSdkLogger, type Receiver } from "@slack/bolt";
import { addDirectPost, answer, readBody, type DirectRequest } from "../../lib/direct-routes.ts";
import { slackPayloadProblem } from "./payload-schema.ts";
import { verifySlackSignature } from "./verify-signature.ts";

export const SLACK_EVENTS_PATH = "/slack/events";
/** Slack's largest payloads (a modal submission of a long form) stay far below this. */
const BODY_LIMIT = 1024 * 1024;

export interface SlackHttpReceiverOptions {
  signingSecret: string;
  sdkLogger: SlackSdkLogger;
  clock?: () => number;
}

type Payload = Record<string, unknown>;

export class SlackHttpReceiver implements Receiver {
  private bolt: App | undefined;
  private readonly options: SlackHttpReceiverOptions;

  constructor(options: SlackHttpReceiverOptions) {
    this.options = options;
  }

  /** Adds `POST /slack/events` to the server of Kyodo's app (before it starts listening). */
  mount(app: Express): void {
    addDirectPost(app, SLACK_EVENTS_PATH, (request) => this.receive(request));
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

  private async receive({ req, res, requestId, log }: DirectRequest): Promise<void> {
    // A client that goes away mid-body is its own doing (Express's body parser refused it with a warning too).
    const bytes = await readBody(req, BODY_LIMIT).catch((error: unknown) => {
      log().warn({ err: error }, "slack request body not received whole");
      return null;
    });
    if (bytes === null) return;
    if (!bytes) {
      log().warn("slack request body too large refused");
      res.setHeader("connection", "close");
      answer(res, 413);
      return;
    }
    const raw = bytes.toString("utf8");
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const check = verifySlackSignature(
      this.options.signingSecret,
      { signature: header("x-slack-signature"), timestamp: header("x-slack-request-timestamp") },
      raw,
      (this.options.clock ?? Date.now)(),
    );
    if (!check.ok) {
      log().warn({ reason: check.reason }, "slack request refused");
      answer(res, 401);
      return;
    }
    let body: Payload;
    try {
      body = parseBody(raw, header("content-type"));
    } catch {
      log().warn("slack request body unreadable");
      answer(res, 400);
      return;
    }
    const problem = slackPayloadProblem(body);
    if (problem) {
      log().warn({ reason: problem }, "signed slack request with an unexpected shape refused");
      answer(res, 400);
      return;
    }
    if (body.ssl_check) {
      answer(res, 200);
      return;
    }
    if (body.type === "url_verification") {
      answer(res, 200, { challenge: body.challenge });
      return;
    }
    if (!this.bolt) {
      // Mounted but not started yet (or stopping): Slack retries events, and a person can try again.
      answer(res, 503);
      return;
    }
    const ack = new HTTPResponseAck({
      logger: this.options.sdkLogger,
      processBeforeResponse: true,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const retryNum = header("x-slack-retry-num");
    // A listener that could not store the event says so here; Slack then gets a 500, not an acknowledgement.
    const outcome = { failed: false };
    try {
      await this.bolt.processEvent({
        body,
        ack: ack.bind(),
        retryNum: retryNum ? Number(retryNum) : undefined,
        retryReason: header("x-slack-retry-reason"),
        customProperties: { requestId, outcome },
      });
      if (res.headersSent) return;
      if (outcome.failed || ack.storedResponse === undefined) answer(res, 500);
      else answer(res, 200, ack.storedResponse);
    } catch (error) {
      log().error({ err: error }, "slack request handling failed");
      if (!res.headersSent) answer(res, 500);
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

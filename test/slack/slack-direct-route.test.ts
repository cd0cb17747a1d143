// `POST /slack/events` is answered by Kyodo's HTTP server before Express (issue #15: the acknowledgement
// path, src/lib/direct-routes.ts). What Express gave that route must still hold: a body limit, the request
// id and its log line, a body read whole however it is chunked; and the rest of the server stays Express's.
import { request } from "node:http";
import { createHmac } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../src/adapters/slack/slack-adapter.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "../../src/http/server.ts";
import { BOT_TOKEN, FakeSlack } from "./support/fake-slack.ts";
import { send, SIGNING_SECRET, slashCommand, type SlackPerson } from "./support/slack-requests.ts";

type LogLine = Record<string, unknown>;
const FORM = "application/x-www-form-urlencoded";
const person: SlackPerson = { team: "T0001", user: "U0DIRECT" };

let fake: FakeSlack;
let adapter: SlackAdapter;
let http: HttpServer;
let baseUrl: string;
const logs: LogLine[] = [];
const received: InboundEvent[] = [];

beforeAll(async () => {
  fake = await FakeSlack.start();
  const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  adapter = new SlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, logger, locale: "en" });
  const app = createHttpApp({} as never, logger);
  adapter.mount(app);
  finishRoutes(app);
  http = await listen(app, 0, "127.0.0.1");
  baseUrl = `http://127.0.0.1:${http.port}`;
  await adapter.start((event) => {
    received.push(event);
    return Promise.resolve([]);
  });
});
afterAll(async () => {
  await adapter?.stop();
  await http?.close();
  await fake?.close();
});

function signed(body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "content-type": FORM, "x-slack-request-timestamp": timestamp, "x-slack-signature": signature };
}

/** Posts `parts` one after another as a chunked body (no content-length), as a proxy may pass it on. */
function postChunked(path: string, headers: Record<string, string>, parts: string[]): Promise<{ status: number; requestId: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method: "POST", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, requestId: String(res.headers["x-request-id"]) }));
    });
    req.on("error", reject);
    const next = (k: number) => {
      if (k === parts.length) return void req.end();
      req.write(parts[k]!, () => setTimeout(() => next(k + 1), 5));
    };
    next(0);
  });
}

describe("the Slack webhook answered before Express", () => {
  it("acknowledges a slash command, gives it a request id, and logs one http line with its status", async () => {
    const { body } = slashCommand(person, "help", fake.responseUrl("direct-1"));
    const res = await send(baseUrl, body, FORM);
    expect(res.status).toBe(200);
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => received.length).toBeGreaterThan(0);
    const line = logs.find((l) => l.msg === "http" && l.requestId === res.requestId);
    expect(line).toMatchObject({ method: "POST", path: "/slack/events", status: 200 });
  });

  it("keeps a load balancer's request id when it is well formed, and replaces one that is not", async () => {
    const { body } = slashCommand(person, "help", fake.responseUrl("direct-2"));
    const kept = await fetch(`${baseUrl}/slack/events`, { method: "POST", headers: { ...signed(body), "x-request-id": "lb-77" }, body });
    expect(kept.headers.get("x-request-id")).toBe("lb-77");
    const replaced = await fetch(`${baseUrl}/slack/events`, {
      method: "POST",
      headers: { ...signed(body), "x-request-id": "two words\tand a tab" },
      body,
    });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reads a body that arrives in many chunks whole, so its signature verifies", async () => {
    const before = received.length;
    const { body } = slashCommand(person, "help", fake.responseUrl("direct-3"));
    const parts = body.match(/.{1,40}/gs)!;
    expect(parts.length).toBeGreaterThan(3);
    const res = await postChunked("/slack/events", { ...signed(body), "transfer-encoding": "chunked" }, parts);
    expect(res.status).toBe(200);
    await expect.poll(() => received.length).toBe(before + 1);
  });

  it("refuses a body over 1 MB with 413 before reading it all, and keeps answering", async () => {
    const huge = `payload=${"x".repeat(1024 * 1024 + 10)}`;
    const refused = await fetch(`${baseUrl}/slack/events`, { method: "POST", headers: signed(huge), body: huge });
    expect(refused.status).toBe(413);
    const chunked = await postChunked("/slack/events", { ...signed(huge), "transfer-encoding": "chunked" }, [
      huge.slice(0, 600_000),
      huge.slice(600_000),
    ]).catch(() => ({ status: 413, requestId: "" }));
    // The server may close the connection while the client still sends: either way nothing is accepted.
    expect(chunked.status).toBe(413);
    const { body } = slashCommand(person, "help", fake.responseUrl("direct-4"));
    expect((await send(baseUrl, body, FORM)).status).toBe(200);
  });

  it("refuses an unsigned request with 401, and accepts a query string on the path", async () => {
    const { body } = slashCommand(person, "help", fake.responseUrl("direct-5"));
    const unsigned = await fetch(`${baseUrl}/slack/events`, { method: "POST", headers: { "content-type": FORM }, body });
    expect(unsigned.status).toBe(401);
    const withQuery = await fetch(`${baseUrl}/slack/events?source=proxy`, { method: "POST", headers: signed(body), body });
    expect(withQuery.status).toBe(200);
  });

  it("leaves every other request to Express: another method on the same path is Express's 404", async () => {
    const res = await fetch(`${baseUrl}/slack/events`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not found" });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

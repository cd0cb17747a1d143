// Routes answered by Node's HTTP server itself, before Express (issue #15). A platform's webhook is the
// acknowledgement path: a button press must be answered within Slack's three seconds however many arrive at
// once, and Express's router, its middleware and body parser cost about a fifth of that path's CPU (a CPU
// profile of `bench-ack`). Such a route reads its own body (a signature covers the exact bytes anyway) and
// writes its own answer; everything else (health, the console, the other webhooks) stays on Express.
// Each request of either kind gets the same request id header and the same "http" log line.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";

export interface DirectRequest {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  /** the request's logger (made on first use) */
  log: () => Logger;
}

export type DirectHandler = (request: DirectRequest) => void | Promise<void>;

/** The direct routes of each Express app: added by adapters when they mount, read by the server that listens. */
const routesOf = new WeakMap<object, Map<string, DirectHandler>>();

/** Answers `POST <path>` on `app`'s server without Express. */
export function addDirectPost(app: object, path: string, handler: DirectHandler): void {
  const routes = routesOf.get(app) ?? new Map<string, DirectHandler>();
  routes.set(path, handler);
  routesOf.set(app, routes);
}

/** The direct handler for this request, if `app` has one for its method and path (a query string is ignored). */
export function directRouteFor(app: object, req: IncomingMessage): DirectHandler | undefined {
  if (req.method !== "POST") return undefined;
  const routes = routesOf.get(app);
  if (!routes) return undefined;
  const url = req.url ?? "";
  const query = url.indexOf("?");
  return routes.get(query === -1 ? url : url.slice(0, query));
}

/** A request id a load balancer may pass on: short, and nothing a log line could be forged with. */
const PASSED_ON_ID = /^[\w.-]{1,64}$/;

/**
 * Gives a request its id (the caller's `x-request-id` when well formed, else a new one), sets it on the
 * answer, and logs one "http" line when the answer is finished. The child logger is made on first use:
 * at the default level nothing but that line needs it, and under load a logger per request is not free.
 */
export function tagRequest(req: IncomingMessage, res: ServerResponse, logger: Logger): { requestId: string; log: () => Logger } {
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && PASSED_ON_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader("x-request-id", requestId);
  let child: Logger | undefined;
  const log = () => (child ??= logger.child({ requestId }));
  if (logger.isLevelEnabled("info")) {
    const started = Date.now();
    const path = (req.url ?? "").split("?")[0];
    res.on("finish", () => log().info({ method: req.method, path, status: res.statusCode, ms: Date.now() - started }, "http"));
  }
  return { requestId, log };
}

/** Reads a body of at most `limit` bytes; undefined when it is larger (the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      resolve(undefined);
      return;
    }
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Ends the answer with a status and, optionally, a body (a string as text, anything else as JSON). */
export function answer(res: ServerResponse, status: number, body?: unknown): void {
  res.statusCode = status;
  if (body === undefined) {
    res.end();
    return;
  }
  const json = typeof body !== "string";
  const text = json ? JSON.stringify(body) : body;
  res.setHeader("content-type", json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}

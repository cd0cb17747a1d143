// Kyodo's HTTP server: health and readiness for operators and load balancers, and the place where
// channel adapters mount their webhooks (Slack, LINE, Mattermost). Every request gets a request id that
// its log lines carry. A webhook on the acknowledgement path may be answered before Express
// (src/lib/direct-routes.ts); it gets the same request id and log line.
import { createServer, type Server } from "node:http";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import { directRouteFor, tagRequest } from "../lib/direct-routes.ts";
import type { Db } from "../storage/database.ts";
import { checkReadiness, type Lifecycle } from "./readiness.ts";

export interface HttpServer {
  app: Express;
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** The logger of each app's requests, for the direct routes its server answers before Express. */
const requestLoggers = new WeakMap<Express, Logger>();

export function createHttpApp(db: Db, logger: Logger, lifecycle: Lifecycle = { channels: "started" }): Express {
  const app = express();
  app.disable("x-powered-by");
  requestLoggers.set(app, logger);
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.log = tagRequest(req, res, logger).log();
    next();
  });
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const readiness = await checkReadiness(db, lifecycle);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  return app;
}

/** Adds the 404 and error handlers; call after every adapter has mounted its routes. */
export function finishRoutes(app: Express): void {
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: "not found" });
  });
  // Express recognises an error handler by its four parameters, so the unused `_next` must stay.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express needs the arity of four
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const log = res.locals.log as Logger | undefined;
    // The body parsers' own refusals (too large, unreadable) are the client's doing: a warning and the
    // matching 4xx, not an error log and a 500 per request.
    const status = typeof error.status === "number" && error.status >= 400 && error.status < 500 ? error.status : undefined;
    if (status) {
      log?.warn({ status, type: error.type }, status === 413 ? "request body too large refused" : "bad request refused");
      if (!res.headersSent) res.status(status).json({ error: status === 413 ? "payload too large" : "bad request" });
      return;
    }
    log?.error({ err: error }, "http handler failed");
    if (!res.headersSent) res.status(500).json({ error: "internal error" });
  });
}

export function listen(app: Express, port: number, host: string): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const logger = requestLoggers.get(app);
    const server = createServer((req, res) => {
      const direct = logger && directRouteFor(app, req);
      if (!direct) return void app(req, res);
      const { requestId, log } = tagRequest(req, res, logger);
      Promise.resolve()
        .then(() => direct({ req, res, requestId, log }))
        .catch((error: unknown) => {
          log().error({ err: error }, "http handler failed");
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      resolve({
        app,
        server,
        port: actualPort,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.on("error", reject);
  });
}

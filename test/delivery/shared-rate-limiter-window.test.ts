// On PostgreSQL the instances share a platform's limit through the database. The platform counts requests
// as they arrive, and a request let go on time can leave late (an event-loop stall, a new connection):
// with starts spaced across instances, requests held up after their start arrived bunched with the next
// ones (bench-fanout: 2 violations at load 6). Here two instances send through real HTTP to a loopback
// server that records arrivals; some sends are held up between being let through and sending (injected,
// the same every run). The assertion is on what the server saw, counted as the platform counts it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { windowViolations } from "../../src/delivery/arrival-window.ts";
import type { PlatformLimits } from "../../src/delivery/rate-limiter.ts";
import { SharedRateLimiter } from "../../src/delivery/shared-rate-limiter.ts";
import { postgresSkipReason, twoInstancesOnPostgres } from "../support/postgres.ts";

const PER_SECOND = 25;
const LIMITS: Record<string, PlatformLimits> = { chat: { perConversationMs: 0, perRequestMs: 1000 / PER_SECOND } };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(postgresSkipReason() !== "")("shared rate limiter, two instances, as the platform sees the requests arrive", () => {
  const instances = twoInstancesOnPostgres();
  let server: Server;
  let url: string;
  const arrivals: number[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      arrivals.push(Date.now());
      req.resume();
      setTimeout(() => res.end("ok"), 20);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it("never lets more than the allowed requests arrive within one second, however late some leave", async () => {
    const limiters = instances.dbs.map((db) => new SharedRateLimiter(db, LIMITS));
    const sends = 3 * PER_SECOND;
    let next = 0;
    const sender = async (i: number) => {
      const limiter = limiters[i % 2]!;
      while (next < sends) {
        const n = next++;
        const conversation = `D${n}`;
        await limiter.acquire("chat", conversation);
        try {
          if (n % 3 === 0) await sleep(300);
          await (await fetch(`${url}/${conversation}`, { method: "POST", body: "{}" })).text();
        } finally {
          limiter.finished("chat", conversation);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => sender(i)));
    // What the limiters write after each answer is done before the databases close.
    await Promise.all(limiters.map((limiter) => limiter.settled()));
    expect(arrivals).toHaveLength(sends);
    expect(windowViolations(arrivals, PER_SECOND)).toBe(0);
  });
});

// Operators' endpoints: /healthz answers while the process lives; /readyz only when the database is
// reachable and fully migrated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
beforeAll(async () => {
  kyodo = await startTestKyodo();
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("health and readiness", () => {
  it("healthz answers ok with a request id", async () => {
    const res = await fetch(`${kyodo.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps a well-formed incoming request id and replaces a malformed one", async () => {
    expect((await fetch(`${kyodo.baseUrl}/healthz`, { headers: { "x-request-id": "lb-1234" } })).headers.get("x-request-id")).toBe(
      "lb-1234",
    );
    expect(
      (await fetch(`${kyodo.baseUrl}/healthz`, { headers: { "x-request-id": "has spaces, not allowed" } })).headers.get("x-request-id"),
    ).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("readyz is 200 when migrated", async () => {
    const res = await fetch(`${kyodo.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, database: "ok", pendingMigrations: [], channels: "started" });
  });

  it("readyz is 503 naming the migration when one is not applied", async () => {
    await kyodo.db.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = current_timestamp`);
    const res = await fetch(`${kyodo.baseUrl}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { pendingMigrations: string[] };
    expect(body.pendingMigrations).toContain("20261122000000_init");
    await kyodo.db.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL`);
  });

  it("unknown paths are 404", async () => {
    expect((await fetch(`${kyodo.baseUrl}/nope`)).status).toBe(404);
  });
});

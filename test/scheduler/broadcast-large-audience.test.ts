// A broadcast to a national council's size (issue #14): 1,788 member bodies and 5,000 staff reached on
// LINE. SQLite bounds the variables of one query, so a query over an id list of that size used to fail
// ("query parameter limit exceeded"); planning, queueing, the dry run and the outbox's claim must all
// work for any audience size.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { createBroadcast } from "../../src/domain/broadcasts/create-broadcast.ts";
import { planBroadcast } from "../../src/domain/broadcasts/plan-broadcast.ts";
import { sendBroadcast } from "../../src/domain/broadcasts/send-broadcast.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { buildTrackers } from "../../src/features.ts";
import { runCli } from "../support/run-command.ts";
import { RecordingMulticastAdapter } from "../support/recording-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

const BODIES = 1_788;
const PEOPLE = 5_000;
let kyodo: TestKyodo;
let secretariat: string;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  const councilId = kyodo.council.id;
  // Created in bulk, as an import of a national member list would.
  const bodies = Array.from({ length: BODIES }, (_, i) => ({
    id: randomUUID(),
    councilId,
    name: `団体${i}`,
    nameKey: `団体${i}`,
    kind: "city",
  }));
  const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: randomUUID(), councilId, handle: `bulk${i}`, displayName: `職員 ${i}` }));
  for (let i = 0; i < BODIES; i += 500) await kyodo.db.body.createMany({ data: bodies.slice(i, i + 500) });
  for (let i = 0; i < PEOPLE; i += 500) {
    const slice = people.slice(i, i + 500);
    await kyodo.db.person.createMany({ data: slice });
    await kyodo.db.staffMembership.createMany({ data: slice.map((p, j) => ({ personId: p.id, bodyId: bodies[(i + j) % BODIES]!.id })) });
    await kyodo.db.chatIdentity.createMany({
      data: slice.map((p, j) => {
        const user = `U${String(i + j).padStart(32, "0")}`;
        return {
          personId: p.id,
          platform: "line",
          workspace: "W",
          externalUserId: user,
          verifiedAt: new Date(),
          directRef: JSON.stringify({ platform: "line", workspace: "W", conversationId: user }),
        };
      }),
    });
  }
  const role = await kyodo.db.personRole.findFirstOrThrow({
    where: { role: "secretariat", person: { councilId } },
    include: { person: true },
  });
  secretariat = role.person.handle;
}, 120_000);
afterAll(async () => kyodo?.dispose());

describe("a broadcast to 5,000 people", () => {
  it("is planned, queued and sent in multicast batches", async () => {
    const now = new Date("2026-12-01T01:00:00Z");
    const plan = await planBroadcast(kyodo.db, kyodo.council.id, { kind: "all" }, ["dm"], buildTrackers(), now);
    expect(plan.recipients.length).toBeGreaterThanOrEqual(PEOPLE);
    const broadcast = await createBroadcast(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        createdById: (await kyodo.db.person.findFirstOrThrow({ where: { handle: secretariat } })).id,
        audience: { kind: "all" },
        channels: ["dm"],
        text: "全国の皆様へ",
        urgent: true,
      },
      now,
    );
    const result = await sendBroadcast(kyodo.db, buildTrackers(), broadcast.id, now);
    expect(result).toMatchObject({ sent: true });
    expect(await kyodo.db.delivery.count({ where: { broadcastId: broadcast.id, platform: "line", state: "queued" } })).toBe(PEOPLE);

    const line = new RecordingMulticastAdapter("line", 500);
    const outbox = new Outbox(kyodo.db, silentLogger(), [line], new RateLimiter({}));
    const report = await outbox.flush(now);
    expect(report.sent).toBe(PEOPLE);
    expect(line.multicasts.every((m) => m.refs.length <= 500)).toBe(true);
    expect(new Set(line.posts.map((p) => p.ref.conversationId)).size).toBe(PEOPLE);
  }, 120_000);

  it("previews from the command line with a summary, not a stack trace", async () => {
    const result = await runCli(["broadcast", "send", "--audience", "all", "--text", "予告", "--as", secretariat, "--dry-run"], {
      DATABASE_URL: kyodo.databaseUrl,
      KYODO_COUNCIL: kyodo.council.slug,
    });
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/5,?\d{3}/);
  }, 120_000);
});

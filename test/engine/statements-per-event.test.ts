// Issue #15: the work per event is a handful of statements. A home and a vote (「全議案に賛成」, then changing one
// motion) through the engine, on both providers: the answers are right, and on SQLite — where the driver adapter
// counts what it sends (src/storage/priority-lane.ts) — each stays within its budget, whatever the roll's size.
// Before this work (commit f56cc2c) the home below took 42 statements and the vote on four motions 52; now 19 and 18.
import { afterAll, beforeAll, expect, it } from "vitest";
import { statementCount } from "../../src/storage/priority-lane.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst } from "../motions/support.ts";

/** Engine and use case, without the inbox (the console drives the engine directly, with its dedupe claim). */
const BUDGET = { home: 22, vote: 20 };

describeEachProvider("statements per event", (provider) => {
  let kyodo: TestKyodo;
  const now = jst("2026-11-24T10:00:00");
  const sessions: ConsoleSession[] = [];

  async function chatAs(handle: string): Promise<ConsoleSession> {
    const session = new ConsoleSession(kyodo.engine, `u-${handle}`);
    sessions.push(session);
    await session.say(`link ${await kyodo.codeFor(handle)}`);
    return session;
  }

  /** What the line cost, in statements (undefined where the adapter does not count: PostgreSQL). */
  async function counted(session: ConsoleSession, line: string): Promise<{ answer: string; statements: number | undefined }> {
    const before = statementCount.statements;
    const answer = await session.say(line);
    const statements = statementCount.statements - before;
    return { answer, statements: provider.name === "sqlite" ? statements : undefined };
  }

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false, clock: () => now });
    await createExampleBallot(kyodo, now);
  }, 120_000);
  afterAll(async () => {
    for (const s of sessions) await s.close();
    await kyodo?.dispose();
  });

  it("shows a member's home within its budget", async () => {
    const sato = await chatAs("sato");
    await sato.say("home"); // the first one opens caches (the ballot's roll, the organ's name)
    const { answer, statements } = await counted(sato, "home");
    expect(answer).toContain("表決1 平成29年度第2回総会（書面表決）（千葉市）期限 2026年12月25日(金) 17:00 — 未表決 4/4件");
    if (statements !== undefined) expect(statements).toBeLessThanOrEqual(BUDGET.home);
  });

  it("records a vote for every motion, then a change, each within its budget", async () => {
    const sato = await chatAs("sato");
    await sato.say("vote 1");
    const all = await counted(sato, "1"); // 1) 全議案に賛成
    expect(all.answer).toContain("【表決を受け付けました】");
    expect(all.answer).toMatch(/議案4 .*\s+賛成/);
    if (all.statements !== undefined) expect(all.statements).toBeLessThanOrEqual(BUDGET.vote);
    const change = await counted(sato, "vote 1 議案2 反対");
    expect(change.answer).toMatch(/議案2 .*\s+反対/);
    if (change.statements !== undefined) expect(change.statements).toBeLessThanOrEqual(BUDGET.vote + 4);
    const current = await kyodo.db.motionVote.findMany({
      where: { current: true, personId: (await kyodo.db.person.findFirstOrThrow({ where: { handle: "sato" } })).id },
    });
    expect(current.map((v) => v.choice).sort()).toEqual(["against", "for", "for", "for"]);
  });
});

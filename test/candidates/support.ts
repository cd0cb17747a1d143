// Shared steps of the candidate tests: a Kyodo on the demo council (56 Chiba bodies) whose clock the
// test moves, candidates proposed as the secretariat would, and interest recorded for many bodies at once.
import { proposeCandidate } from "../../src/domain/candidates/propose-candidate.ts";
import { recordInterest } from "../../src/domain/candidates/record-interest.ts";
import type { InterestLevel } from "../../src/domain/candidates/interest-levels.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

export interface Clock {
  now: Date;
}

/** Tuesday 24 November 2026, 10:00 in Tokyo (FY2026 = 令和8年度): a business day within office hours. */
export const START = new Date("2026-11-24T01:00:00Z");
export const CURRENT_FY = 2026;

export async function startCandidatesKyodo(start = START): Promise<{ kyodo: TestKyodo; clock: Clock }> {
  const clock: Clock = { now: start };
  const kyodo = await startTestKyodo({}, { http: false, clock: () => clock.now });
  return { kyodo, clock };
}

export async function propose(kyodo: TestKyodo, name: string, now: Date, extra: { category?: string; roughCost?: string } = {}) {
  return proposeCandidate(kyodo.db, { councilId: kyodo.council.id, fields: { name, ...extra }, proposedBy: "test:secretariat" }, now);
}

/** The council's active member bodies in code order (千葉県 first), as the board lists them. */
export async function bodies(kyodo: TestKyodo) {
  return kyodo.db.body.findMany({
    where: { councilId: kyodo.council.id, active: true },
    orderBy: [{ code: { sort: "asc", nulls: "last" } }, { name: "asc" }],
  });
}

/** Records a level for each body, as the secretariat entering replies from the CLI would. */
export async function recordFor(kyodo: TestKyodo, candidateId: string, bodyIds: string[], level: InterestLevel, now: Date) {
  const results = [];
  for (const bodyId of bodyIds) {
    results.push(
      await recordInterest(kyodo.db, { candidateId, bodyId, level, actor: "cli:test", via: "cli", currentFiscalYear: CURRENT_FY }, now),
    );
  }
  return results;
}

export async function personId(kyodo: TestKyodo, handle: string) {
  return (await findPerson(kyodo.db, kyodo.council.id, handle)).id;
}

/** A console session of a demo person, linked with an enrolment code. */
export async function linkedSession(kyodo: TestKyodo, handle: string): Promise<ConsoleSession> {
  const chat = new ConsoleSession(kyodo.engine, `u-${handle}-${Math.random().toString(36).slice(2, 8)}`);
  const reply = await chat.say(`link ${await kyodo.codeFor(handle)}`);
  if (!/さんとして登録されています|^Linked/.test(reply)) throw new Error(`linking ${handle} failed: ${reply}`);
  return chat;
}

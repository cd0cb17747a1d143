// Shared steps of the survey tests: a Kyodo whose clock the test moves, the example survey created as
// the CLI would, and people linked to console sessions.
import { readFileSync } from "node:fs";
import { createSurvey } from "../../../src/domain/surveys/create-survey.ts";
import { readSurveyDefinition } from "../../../src/domain/surveys/read-definition.ts";
import { ConsoleSession } from "../../support/console-session.ts";
import type { TestProvider } from "../../support/postgres.ts";
import { ROOT } from "../../support/run-command.ts";
import { startTestKyodo, type TestKyodo } from "../../support/test-kyodo.ts";

export const EXAMPLE = `${ROOT}scripts/examples/survey-ai-minutes.yaml`;
export const ZONE = "Asia/Tokyo";

export interface Clock {
  now: Date;
}

/** Tuesday 24 November 2026, 10:00 in Tokyo: a business day well before the example's deadline. */
export async function startSurveyKyodo(
  start = new Date("2026-11-24T01:00:00Z"),
  provider?: TestProvider,
): Promise<{ kyodo: TestKyodo; clock: Clock }> {
  const clock: Clock = { now: start };
  const options = { http: false, clock: () => clock.now };
  const kyodo = provider ? await provider.startKyodo({}, options) : await startTestKyodo({}, options);
  return { kyodo, clock };
}

/** Creates a survey from YAML text (the example file unless given), as `kyodo survey create` does. */
export async function createFromYaml(kyodo: TestKyodo, now: Date, text = readFileSync(EXAMPLE, "utf8"), file = "survey-ai-minutes.yaml") {
  const { definition, source } = readSurveyDefinition(text, file, ZONE, now);
  return createSurvey(kyodo.db, { councilId: kyodo.council.id, definition, createdBy: "test:secretariat", source }, now, ZONE);
}

/** A console session of a demo person, linked with an enrolment code. */
export async function linkedSession(kyodo: TestKyodo, handle: string): Promise<ConsoleSession> {
  const chat = new ConsoleSession(kyodo.engine, `u-${handle}-${Math.random().toString(36).slice(2, 8)}`);
  const reply = await chat.say(`link ${await kyodo.codeFor(handle)}`);
  if (!/さんとして登録されています|^Linked/.test(reply)) throw new Error(`linking ${handle} failed: ${reply}`);
  return chat;
}

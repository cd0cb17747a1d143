// The participation survey shows what the body would pay beside the join question (#17), as the seeds' councils
// do before they ask: `costEstimate: { share: N }` on a question names the cost share to estimate from.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, EXAMPLE, linkedSession, startSurveyKyodo, type Clock } from "./support/surveys.ts";

let kyodo: TestKyodo;
let clock: Clock;

beforeAll(async () => {
  ({ kyodo, clock } = await startSurveyKyodo());
  // The example survey, its join question pointing at 按分1 (the demo council's FY2017 operating cost).
  const text = readFileSync(EXAMPLE, "utf8").replace("    short: 参加意向\n", "    short: 参加意向\n    costEstimate: { share: 1 }\n");
  expect(text).toContain("costEstimate");
  await createFromYaml(kyodo, clock.now, text);
});
afterAll(async () => kyodo.dispose());

describe("cost estimate beside the join question", () => {
  it("shows the body's share with its basis before it answers, and not beside the other questions", async () => {
    const sato = await linkedSession(kyodo, "sato");
    await sato.say("回答");
    const first = await sato.say("1");
    expect(first).toMatch(/千葉市は按分1「平成29年度 ちば電子調達システム 運営管理費」に参加済みです。負担額: [\d,]+円/);
    expect(first.indexOf("按分1")).toBeLessThan(first.indexOf("令和9年度の共同調達に参加しますか。"));
    const second = await sato.say("1");
    expect(second).not.toContain("按分1");
    await sato.close();
  });

  it("the survey definition refuses a share number that is not a whole number", async () => {
    const bad = readFileSync(EXAMPLE, "utf8").replace("    short: 参加意向\n", "    short: 参加意向\n    costEstimate: { share: 一 }\n");
    await expect(createFromYaml(kyodo, clock.now, bad)).rejects.toThrow();
  });
});

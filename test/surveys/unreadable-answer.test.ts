// A body whose stored answer cannot be read (the console flags it and counts it as not answered) is asked again by
// the reminders: answering again in chat must start afresh rather than fail on the old answer, and the new answer
// becomes the body's current one, so the row reads normally again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBody } from "../../src/domain/bodies/find-body.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { surveyStatus } from "../../src/domain/surveys/survey-status.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, linkedSession, startSurveyKyodo, type Clock } from "./support/surveys.ts";

let kyodo: TestKyodo;
let clock: Clock;
let surveyId: string;

beforeAll(async () => {
  ({ kyodo, clock } = await startSurveyKyodo());
  surveyId = (await createFromYaml(kyodo, clock.now)).survey.id;
  const chiba = await findBody(kyodo.db, kyodo.council.id, "千葉市");
  const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
  await kyodo.db.surveySubmission.create({
    data: {
      surveyId,
      bodyId: chiba.id,
      personId: sato.id,
      answers: '{"join":{"value":"yes"}}',
      receiptCode: "1-BAD002",
      via: "slack",
      submittedAt: clock.now,
    },
  });
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("a body whose stored answer cannot be read", () => {
  it("is counted as not answered and listed as unreadable", async () => {
    const status = await surveyStatus(kyodo.db, surveyId);
    expect(status.unreadable.map((u) => u.body.name)).toEqual(["千葉市"]);
    expect(status.pending.map((b) => b.name)).toContain("千葉市");
    expect(status.answered).toHaveLength(0);
  });

  it("answers again in chat from a blank form, and the new answer reads", async () => {
    const sato = await linkedSession(kyodo, "sato");
    await sato.say("回答");
    const intro = await sato.say("1");
    expect(intro).toContain("問1（全8問・必須） 令和9年度の共同調達に参加しますか。");
    expect(intro).not.toMatch(/エラー|error/i);
    expect(await sato.say("3")).toContain("問7");
    expect(await sato.say("5")).toContain("問8");
    expect(await sato.say("スキップ")).toContain("この内容で 千葉市 の回答として確定しますか。");
    expect(await sato.say("確定")).toContain("【回答を受け付けました】");
    await sato.close();
    const status = await surveyStatus(kyodo.db, surveyId);
    expect(status.unreadable).toHaveLength(0);
    expect(status.answered.map((r) => [r.body.name, r.submission!.answers.join])).toEqual([["千葉市", "decline"]]);
  });
});

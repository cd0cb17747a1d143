// One stored record the console cannot read (a survey submission whose answers fail their schema, a vote for an
// option the motion does not have, a closed motion's damaged tally) must not take the whole page or download down:
// the page shows, that body's or seat's row says its answer cannot be read (in the person's language, then the
// other), it is counted as not answered, and the log names the row once however often the page is opened.
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBody } from "../../src/domain/bodies/find-body.ts";
import { closeBallot } from "../../src/domain/motions/close-ballot.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot } from "../motions/support.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml } from "../surveys/support/surveys.ts";
import { startLoggedKyodo } from "../support/logged-kyodo.ts";
import { Browser, type Clock } from "./support.ts";

let kyodo: TestKyodo;
const clock: Clock = { now: new Date("2026-11-24T01:00:00Z") };
const logLines: Array<Record<string, unknown>> = [];
let browser: Browser;

const unreadableLogs = (where: string) => logLines.filter((l) => typeof l.where === "string" && l.where.includes(where));

let damagedSubmissionId: string;

beforeAll(async () => {
  kyodo = await startLoggedKyodo(logLines, { clock: () => clock.now });
  const survey = await createFromYaml(kyodo, clock.now);
  const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
  const chiba = await findBody(kyodo.db, kyodo.council.id, "千葉市");
  const choshi = await findBody(kyodo.db, kyodo.council.id, "銚子市");
  const surveyId = "survey" in survey ? survey.survey.id : (await kyodo.db.survey.findFirstOrThrow()).id;
  await kyodo.db.surveySubmission.create({
    data: {
      surveyId,
      bodyId: chiba.id,
      personId: yamada.id,
      answers: '{"join":"decline"}',
      receiptCode: "1-GOOD01",
      via: "console",
      submittedAt: clock.now,
    },
  });
  // Written by hand or by a much older version: an answer of an object shape no kind stores.
  damagedSubmissionId = (
    await kyodo.db.surveySubmission.create({
      data: {
        surveyId,
        bodyId: choshi.id,
        personId: yamada.id,
        answers: '{"join":{"value":"yes"}}',
        receiptCode: "1-BAD001",
        via: "console",
        submittedAt: clock.now,
      },
    })
  ).id;

  await createExampleBallot(kyodo, clock.now);
  await createExampleBallot(kyodo, clock.now);
  browser = await Browser.signIn(kyodo, "yamada", clock.now);
});
afterAll(async () => {
  await kyodo?.dispose();
});

describe("a survey with one unreadable submission", () => {
  it("shows the page, flags that body's row in both languages and counts it as not answered", async () => {
    const { status, html } = await browser.page("/console/surveys/1");
    expect(status).toBe(200);
    const row = /<tr>\s*<th scope="row">銚子市<\/th>[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    expect(row).toContain("この回答は読み取れません");
    expect(row).toContain("This answer cannot be read");
    expect(html).toContain("1 / ");
    expect(html).not.toContain(">1-BAD001<");
  });

  it("still downloads CSV and XLSX, with that body marked", async () => {
    const csv = await browser.get("/console/surveys/1/download?format=csv&encoding=sjis");
    expect(csv.status).toBe(200);
    const text = iconv.decode(Buffer.from(await csv.arrayBuffer()), "cp932");
    const choshi = text.split("\n").find((line) => line.includes("銚子市")) ?? "";
    expect(choshi).toContain("読み取れない回答");
    expect(text.split("\n").find((line) => line.includes("千葉市"))).toContain("回答済");
    const xlsx = await browser.get("/console/surveys/1/download?format=xlsx");
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  });

  it("names the row in the log once, however often it is read", async () => {
    await browser.page("/console/surveys/1");
    await browser.page("/console/");
    expect(unreadableLogs(`SurveySubmission ${damagedSubmissionId}`)).toHaveLength(1);
  });
});

describe("home with an unreadable reminder job", () => {
  it("lists the other reminders and logs the job once", async () => {
    const job = await kyodo.db.job.findFirstOrThrow({ where: { kind: "deadline.reminder", state: "pending" }, orderBy: { dueAt: "asc" } });
    await kyodo.db.job.update({ where: { id: job.id }, data: { payload: "{broken" } });
    for (let i = 0; i < 2; i++) {
      const home = await browser.page("/console/");
      expect(home.status).toBe(200);
      expect(home.html).toContain("調査1");
    }
    expect(unreadableLogs(`Job ${job.id}.payload`)).toHaveLength(1);
  });
});

describe("a ballot with an unreadable vote or result", () => {
  it("shows an open ballot whose vote names an option the motion does not have, flagging that seat", async () => {
    const ballot = await kyodo.db.ballot.findFirstOrThrow({ where: { number: 1 }, include: { motions: true, roll: true } });
    const seat = ballot.roll[0]!;
    const motion = ballot.motions[0]!;
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    await kyodo.db.motionVote.create({
      data: {
        ballotId: ballot.id,
        motionId: motion.id,
        seatId: seat.seatId,
        bodyId: seat.bodyId,
        personId: yamada.id,
        capacity: "representative",
        choice: "maybe",
        channel: "console",
        motionVersion: 1,
        currentKey: `${motion.id}:${seat.seatId}`,
        receipt: "V-BAD1",
        castAt: clock.now,
      },
    });
    const { status, html } = await browser.page("/console/ballots/1");
    expect(status).toBe(200);
    expect(html).toContain("この票は読み取れません");
    expect(html).toContain("This vote cannot be read");
    const csv = await browser.get("/console/ballots/1/download?format=csv&encoding=utf8");
    expect(csv.status).toBe(200);
  });

  it("shows a closed ballot whose recorded tally is damaged, saying so instead of failing", async () => {
    const ballot = await kyodo.db.ballot.findFirstOrThrow({ where: { number: 2 }, include: { motions: true } });
    await closeBallot(kyodo.db, ballot.id, clock.now, "secretariat", "test:secretariat");
    await kyodo.db.motion.update({ where: { id: ballot.motions[0]!.id }, data: { tally: "{damaged" } });
    const { status, html } = await browser.page("/console/ballots/2");
    expect(status).toBe(200);
    expect(html).toContain("記録された結果を読み取れません");
    expect(html).toContain("The recorded result cannot be read");
    const xlsx = await browser.get("/console/ballots/2/download?format=xlsx");
    expect(xlsx.status).toBe(200);
    expect(unreadableLogs(`Motion ${ballot.motions[0]!.id}.tally`)).toHaveLength(1);
  });

  it("answers a record it cannot read at all with a clear page, not a crash", async () => {
    const ballot = await kyodo.db.ballot.findFirstOrThrow({ where: { number: 2 } });
    await kyodo.db.ballot.update({ where: { id: ballot.id }, data: { rules: "not json" } });
    const { status, html } = await browser.page("/console/ballots/2");
    expect(status).toBe(500);
    expect(html).toContain("保存されているデータを読み取れません");
    expect(html).toContain(`Ballot ${ballot.id}.rules`);
    const home = await browser.page("/console/");
    expect(home.status).toBe(200);
  });
});

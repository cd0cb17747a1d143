// A survey and the scheduler: its opening is announced, the bodies that have not answered are reminded
// (and the one that answered is not), it closes itself at the deadline and answers are refused after
// it — also halfway through answering — until the secretariat extends it, which reopens it.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { submitAnswers } from "../../src/domain/surveys/submit-answers.ts";
import type { ConsoleSession } from "../support/console-session.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, EXAMPLE, linkedSession, startSurveyKyodo, type Clock } from "./support/surveys.ts";
import type { OutboundMessage } from "../../src/engine/messages.ts";

let kyodo: TestKyodo;
let clock: Clock;
let surveyId: string;
const chats: Record<string, ConsoleSession> = {};

// Friday 4 December 2026, 17:00 in Tokyo.
const DUE = "2026-12-04T08:00:00Z";

async function deliveriesTo(source: string) {
  const rows = await kyodo.db.delivery.findMany({ where: { source: { startsWith: source } } });
  const people = await kyodo.db.person.findMany({ where: { id: { in: rows.map((r) => r.personId!).filter(Boolean) } } });
  return { handles: people.map((p) => p.handle).sort(), rows };
}

describeEachProvider("a survey's deadline", (provider) => {
  beforeAll(async () => {
    ({ kyodo, clock } = await startSurveyKyodo(undefined, provider));
    // Linking in a direct conversation is what lets pushes (announcements, reminders) reach a person.
    for (const handle of ["sato", "takahashi", "tanaka", "yamada"]) chats[handle] = await linkedSession(kyodo, handle);
    const yaml = readFileSync(EXAMPLE, "utf8").replace("dueAt: 令和9年1月29日 17:00", "dueAt: 令和8年12月4日 17:00");
    surveyId = (await createFromYaml(kyodo, clock.now, yaml)).survey.id;
  });
  afterAll(async () => {
    for (const chat of Object.values(chats)) await chat.close();
    await kyodo.dispose();
  });

  it("plans reminders 7, 3 and 1 business days before and on the day, and announces the opening", async () => {
    const deadline = await kyodo.db.deadline.findUniqueOrThrow({
      where: { subjectType_subjectId: { subjectType: "survey", subjectId: surveyId } },
    });
    expect(deadline.dueAt.toISOString()).toBe(new Date(DUE).toISOString());
    const jobs = await kyodo.db.job.findMany({
      where: { key: { startsWith: `deadline:${deadline.id}:reminder` } },
      orderBy: { dueAt: "asc" },
    });
    expect(jobs.map((j) => j.dueAt.toISOString())).toEqual([
      "2026-11-25T00:00:00.000Z",
      "2026-12-01T00:00:00.000Z",
      "2026-12-03T00:00:00.000Z",
      "2026-12-04T00:00:00.000Z",
    ]);

    await kyodo.scheduler.tick(clock.now);
    const announced = await deliveriesTo(`survey:${surveyId}:open`);
    // Every linked staff member of an addressed body (yamada is staff of 千葉県).
    expect(announced.handles).toEqual(["sato", "takahashi", "tanaka", "yamada"]);
    const message = JSON.parse(announced.rows.find((r) => r.bodyId && r.message.includes("我孫子市"))!.message) as {
      text: string;
      blocks: Array<{ type: string; choices?: Array<{ value: string }> }>;
    };
    expect(message.text).toContain(
      "我孫子市 御中：「AI議事録作成システム 参加意向調査（令和9年度）」（調査1、全8問）の回答受付を開始しました。",
    );
    expect(message.text).toContain("回答期限は 2026年12月4日(金) 17:00 です。");
    expect(message.blocks.find((b) => b.type === "choices")?.choices?.[0]?.value).toBe("survey 1");
  });

  it("reminds only the bodies that have not answered", async () => {
    const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
    const chibaCity = await kyodo.db.body.findFirstOrThrow({ where: { name: "千葉市" } });
    await submitAnswers(
      kyodo.db,
      {
        surveyId,
        personId: sato.id,
        bodyId: chibaCity.id,
        answers: { join: "decline", "next-candidates": null, comment: null },
        via: "console",
      },
      clock.now,
    );

    clock.now = new Date("2026-11-25T00:00:00Z");
    await kyodo.scheduler.tick(clock.now);
    const reminded = await deliveriesTo("reminder:");
    expect(reminded.handles).toEqual(["takahashi", "tanaka", "yamada"]);
    const toTanaka = reminded.rows.find((r) => r.message.includes("我孫子市"))!;
    expect((JSON.parse(toTanaka.message) as OutboundMessage).text).toContain("回答期限（2026年12月4日(金) 17:00）まであと7営業日です");
  });

  it("refuses an answer halfway through once the deadline has passed", async () => {
    clock.now = new Date("2026-12-04T07:55:00Z");
    expect(await chats.tanaka!.say("回答 1")).toContain("問1（全8問・必須）");
    expect(await chats.tanaka!.say("参加する")).toContain("問2");
    clock.now = new Date(DUE);
    expect(await chats.tanaka!.say("10")).toContain(
      "締め切られました。回答は受け付けられません。期限の延長・再開が必要な場合は事務局にご連絡ください。",
    );
  });

  it("closes at the deadline; later answers are refused with a clear message", async () => {
    await kyodo.scheduler.tick(clock.now);
    const survey = await kyodo.db.survey.findUniqueOrThrow({ where: { id: surveyId } });
    expect(survey.closedAt?.toISOString()).toBe(new Date(DUE).toISOString());
    clock.now = new Date("2026-12-07T01:00:00Z");
    expect(await chats.takahashi!.say("回答 1")).toContain(
      "「調査1 AI議事録作成システム 参加意向調査（令和9年度）」は回答期限を過ぎたため締め切られました。",
    );
    const list = await chats.tanaka!.say("回答");
    expect(list).toContain("現在、回答を受け付けている調査はありません。");
    const audit = await kyodo.db.auditEntry.findMany({ where: { action: "surveys.close" } });
    expect(audit.map((a) => a.actor)).toEqual(["system:scheduler"]);
  });

  it("the secretariat extends the deadline, which reopens the survey; the half-finished answer resumes", async () => {
    expect(await chats.tanaka!.say("survey 1 extend 2026-12-11")).toContain("権限がありません");
    expect(await chats.yamada!.say("survey 1 extend 令和8年12月11日 17:00")).toContain(
      "を再開しました。新しい期限は 2026年12月11日(金) 17:00 です。",
    );
    const deadline = await kyodo.db.deadline.findUniqueOrThrow({
      where: { subjectType_subjectId: { subjectType: "survey", subjectId: surveyId } },
    });
    expect(deadline.dueAt.toISOString()).toBe("2026-12-11T08:00:00.000Z");
    const pendingReminders = await kyodo.db.job.count({
      where: { key: { startsWith: `deadline:${deadline.id}:reminder` }, state: "pending" },
    });
    expect(pendingReminders).toBeGreaterThan(0);
    const resumed = await chats.tanaka!.say("回答 1");
    expect(resumed).toContain("前回の続きから再開します（1/");
    expect(resumed).toContain("問2（全8問・必須） 必要なライセンス数");
  });

  it("closing early stops answers at once and cancels the reminders", async () => {
    expect(await chats.yamada!.say("survey 1 close")).toContain("を締め切りました。");
    expect(await chats.tanaka!.say("10")).toContain("締め切られました");
    const deadline = await kyodo.db.deadline.findUniqueOrThrow({
      where: { subjectType_subjectId: { subjectType: "survey", subjectId: surveyId } },
    });
    expect(deadline.cancelledAt).not.toBeNull();
    expect(await kyodo.db.job.count({ where: { key: { startsWith: `deadline:${deadline.id}:` }, state: "pending" } })).toBe(0);
  });

  it("a survey that opens later refuses answers until then, and is announced when it opens", async () => {
    const yaml = readFileSync(EXAMPLE, "utf8")
      .replace("title: AI議事録作成システム 参加意向調査（令和9年度）", "title: 電子契約システム 参加意向調査")
      .replace("series: ai-minutes\n", "")
      .replace("dueAt: 令和9年1月29日 17:00", "opensAt: 令和8年12月8日 9:00\ndueAt: 令和8年12月18日 17:00");
    const later = (await createFromYaml(kyodo, clock.now, yaml)).survey;
    expect(later.number).toBe(2);
    expect(await chats.tanaka!.say("回答")).toContain("調査2 電子契約システム 参加意向調査（期限 2026年12月18日(金) 17:00・受付開始前）");
    expect(await chats.tanaka!.say("回答 2")).toContain("「調査2 電子契約システム 参加意向調査」はまだ受付開始前です。");
    await kyodo.scheduler.tick(clock.now);
    expect((await deliveriesTo(`survey:${later.id}:open`)).rows).toHaveLength(0);
    clock.now = new Date("2026-12-08T00:00:00Z");
    await kyodo.scheduler.tick(clock.now);
    expect((await deliveriesTo(`survey:${later.id}:open`)).handles).toEqual(["sato", "takahashi", "tanaka", "yamada"]);
    expect(await chats.tanaka!.say("回答 2")).toContain("問1（全8問・必須）");
  });
});

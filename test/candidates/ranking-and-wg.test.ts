// Next steps after screening: the Osaka-style ranking survey started from the shortlist (one ranking
// question through the survey engine; 1st = 2 points, 2nd = 1, or other weights; ties stated), and a
// working group formed from the interested bodies, whose seats then receive its broadcasts and ballots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planBroadcast } from "../../src/domain/broadcasts/plan-broadcast.ts";
import { formWorkingGroup } from "../../src/domain/candidates/form-working-group.ts";
import { rankingResults } from "../../src/domain/candidates/ranking-results.ts";
import { setShortlisted } from "../../src/domain/candidates/shortlist-candidate.ts";
import { startRankingSurvey } from "../../src/domain/candidates/start-ranking-survey.ts";
import { createBallot } from "../../src/domain/motions/create-ballot.ts";
import { listSeats } from "../../src/domain/organs/find-organ.ts";
import { submitAnswers } from "../../src/domain/surveys/submit-answers.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { personId, propose, recordFor, startCandidatesKyodo, type Clock } from "./support.ts";

const ZONE = "Asia/Tokyo";
let kyodo: TestKyodo;
let clock: Clock;
const body = async (name: string) => (await kyodo.db.body.findFirstOrThrow({ where: { councilId: kyodo.council.id, name } })).id;

beforeAll(async () => {
  ({ kyodo, clock } = await startCandidatesKyodo());
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("the second-stage ranking survey", () => {
  const candidates: Array<{ id: string; number: number }> = [];
  let surveyId: string;

  it("needs two shortlisted candidates", async () => {
    for (const name of ["AI議事録作成システム", "電子契約システム", "子育て支援アプリ", "RPA"])
      candidates.push(await propose(kyodo, name, clock.now, { category: "業務効率化" }));
    await expect(
      startRankingSurvey(
        kyodo.db,
        { councilId: kyodo.council.id, dueAt: new Date("2026-12-18T08:00:00Z"), createdBy: "test:secretariat" },
        clock.now,
        ZONE,
      ),
    ).rejects.toThrow(/tooFewShortlisted/);
  });

  it("starts from the shortlist with one call: every member body is asked one ranking question", async () => {
    for (const c of candidates.slice(0, 3))
      await setShortlisted(kyodo.db, { candidateId: c.id, shortlisted: true, reason: "テスト", actor: "test:secretariat" }, clock.now);
    const created = await startRankingSurvey(
      kyodo.db,
      { councilId: kyodo.council.id, dueAt: new Date("2026-12-18T08:00:00Z"), createdBy: "test:secretariat" },
      clock.now,
      ZONE,
    );
    surveyId = created.survey.id;
    expect(created.bodies).toBe(56);
    expect(created.survey.title).toBe("令和9年度 共同調達案件の順位付け（第2段階）");
    const questions = JSON.parse(created.survey.questions) as unknown[];
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatchObject({
      kind: "ranking",
      top: 2,
      points: [2, 1],
      options: [{ value: "c1" }, { value: "c2" }, { value: "c3" }],
    });
    // The survey engine took over: deadline registered with reminders, opening announced by a job.
    expect(await kyodo.db.deadline.count({ where: { subjectType: "survey", subjectId: surveyId } })).toBe(1);
    expect(await kyodo.db.candidateRanking.count({ where: { surveyId } })).toBe(1);
  });

  it("totals 1st = 2 and 2nd = 1 per candidate and states a tie", async () => {
    const answer = async (handle: string, bodyName: string, rank: string[] | null) =>
      submitAnswers(
        kyodo.db,
        { surveyId, personId: await personId(kyodo, handle), bodyId: await body(bodyName), answers: { rank }, via: "console" },
        clock.now,
      );
    await answer("sato", "千葉市", ["c1", "c2"]);
    await answer("takahashi", "銚子市", ["c2", "c1"]);
    await answer("tanaka", "我孫子市", ["c3", "c1"]);
    await answer("watanabe", "鎌ケ谷市", ["c2", "c3"]);
    await answer("smith", "市川市", null);
    const results = await rankingResults(kyodo.db, kyodo.council.id);
    expect(results).toMatchObject({ points: [2, 1], answered: 5, total: 56 });
    // 案件2: 1+2+2 = 5; 案件1: 2+1+1 = 4; 案件3: 2+1 = 3. 市川市 ranked none: answered, no points.
    expect(results.ranked.map((r) => [r.number, r.points, r.byRank, r.place])).toEqual([
      [2, 5, [2, 1], 1],
      [1, 4, [1, 2], 2],
      [3, 3, [1, 1], 3],
    ]);
    expect(results.ties).toEqual([]);
    // 千葉市 changes its answer: now 案件1 and 案件2 tie on 5 points and share 1st place.
    await answer("sato", "千葉市", ["c1", "c3"]);
    const again = await rankingResults(kyodo.db, kyodo.council.id);
    expect(again.ranked.map((r) => [r.number, r.points, r.place])).toEqual([
      [1, 4, 1],
      [2, 4, 1],
      [3, 4, 1],
    ]);
    expect(again.ties.map((g) => g.map((r) => r.number))).toEqual([[1, 2, 3]]);
  });

  it("other weights (3-2-1) over chosen candidates", async () => {
    const created = await startRankingSurvey(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        dueAt: new Date("2026-12-25T08:00:00Z"),
        points: [3, 2, 1],
        numbers: [2, 3, 4],
        createdBy: "test:secretariat",
      },
      clock.now,
      ZONE,
    );
    await submitAnswers(
      kyodo.db,
      {
        surveyId: created.survey.id,
        personId: await personId(kyodo, "sato"),
        bodyId: await body("千葉市"),
        answers: { rank: ["c4", "c2", "c3"] },
        via: "console",
      },
      clock.now,
    );
    await submitAnswers(
      kyodo.db,
      {
        surveyId: created.survey.id,
        personId: await personId(kyodo, "takahashi"),
        bodyId: await body("銚子市"),
        answers: { rank: ["c2", "c4", "c3"] },
        via: "console",
      },
      clock.now,
    );
    const results = await rankingResults(kyodo.db, kyodo.council.id);
    expect(results.survey.id).toBe(created.survey.id);
    expect(results.ranked.map((r) => [r.number, r.points, r.place])).toEqual([
      [2, 5, 1],
      [4, 5, 1],
      [3, 2, 3],
    ]);
    expect(results.ties.map((g) => g.map((r) => r.number))).toEqual([[2, 4]]);
    // The earlier ranking is still there by its survey number.
    expect((await rankingResults(kyodo.db, kyodo.council.id, 1)).points).toEqual([2, 1]);
  });
});

describe("forming a working group from the interested bodies", () => {
  let candidateId: string;
  let organId: string;

  it("needs two interested bodies", async () => {
    candidateId = (await propose(kyodo, "AI-OCR", clock.now)).id;
    await recordFor(kyodo, candidateId, [await body("千葉市")], "next_year", clock.now);
    await expect(formWorkingGroup(kyodo.db, { candidateId, actor: "test:secretariat" }, clock.now)).rejects.toThrow(/wg.tooFew/);
  });

  it("seats the bodies planning or interested, each held by its primary contact", async () => {
    await recordFor(kyodo, candidateId, [await body("銚子市")], "year_after", clock.now);
    await recordFor(kyodo, candidateId, [await body("我孫子市"), await body("船橋市")], "interested", clock.now);
    await recordFor(kyodo, candidateId, [await body("鎌ケ谷市")], "studying", clock.now);
    await recordFor(kyodo, candidateId, [await body("市川市")], "none", clock.now);
    const result = await formWorkingGroup(kyodo.db, { candidateId, actor: "test:secretariat" }, clock.now);
    organId = result.organ.id;
    expect(result.organ).toMatchObject({ slug: "wg-5", name: "AI-OCRWG", kind: "working_group" });
    const seats = await listSeats(kyodo.db, organId);
    // 船橋市 has no staff in the demo: its seat waits for a representative (and reminders go to its staff).
    expect(seats.map((s) => [s.body.name, s.representative?.handle ?? null, s.role])).toEqual([
      ["千葉市", "sato", "member"],
      ["銚子市", "takahashi", "member"],
      ["船橋市", null, "member"],
      ["我孫子市", "tanaka", "member"],
    ]);
    expect((await kyodo.db.procurementCandidate.findUniqueOrThrow({ where: { id: candidateId } })).workingGroupId).toBe(organId);
  });

  it("its members get the WG's broadcasts and ballots", async () => {
    const plan = await planBroadcast(kyodo.db, kyodo.council.id, { kind: "organ", organId }, ["dm"], kyodo.trackers, clock.now);
    expect(plan.bodies).toBe(4);
    expect([...plan.recipients, ...plan.unreachable].map((r) => r.name).sort()).toEqual(["佐藤 一郎", "高橋 美咲", "田中 健"].sort());
    const ballot = await createBallot(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        organId,
        title: "AI-OCR 共同調達の方針",
        deadline: new Date("2026-12-10T08:00:00Z"),
        motions: [{ title: "議案1 共同調達の方針について" }],
        createdBy: "test:secretariat",
      },
      clock.now,
      ZONE,
    );
    expect(ballot.roll).toHaveLength(4);
  });

  it("run again, it adds a late joiner and keeps everyone seated", async () => {
    await recordFor(kyodo, candidateId, [await body("鎌ケ谷市")], "next_year", clock.now);
    const again = await formWorkingGroup(kyodo.db, { candidateId, actor: "test:secretariat" }, clock.now);
    expect(again.created).toBe(false);
    expect(again.organ.id).toBe(organId);
    expect(again.added.map((a) => a.bodyName)).toEqual(["鎌ケ谷市"]);
    expect(again.alreadySeated).toBe(4);
    expect(await kyodo.db.seat.count({ where: { organId } })).toBe(5);
  });
});

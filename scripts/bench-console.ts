// Benchmark for issue #20: the web console's pages for a council of 1,788 member bodies (the national size) with
// 5,000 staff — home, a survey addressed to every body with half of them answered, and a ballot whose organ has a
// seat per body with half of the seats voted. Each page is fetched over HTTP from the real server, signed in, five
// times; the median and the worst are recorded. Writes scripts/bench-results/console.json.
//   npx tsx scripts/bench-console.ts
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startKyodo } from "../src/app.ts";
import { loadConfig } from "../src/config/config.ts";
import { silentLogger } from "../src/config/logger.ts";
import { issueConsoleLink } from "../src/domain/access/console-sign-in.ts";
import { createBallot } from "../src/domain/motions/create-ballot.ts";
import { createSurvey } from "../src/domain/surveys/create-survey.ts";
import { readSurveyDefinition } from "../src/domain/surveys/read-definition.ts";

const BODIES = 1_788;
const PEOPLE = 5_000;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const START = new Date("2026-11-24T01:00:00Z");

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-console-"));
  const config = loadConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    DATABASE_URL: `file:${join(dir, "bench.db")}`,
    AUDIT_CHECKPOINT_CRON: "off",
  });
  const kyodo = await startKyodo(config, silentLogger(), { scheduler: false, clock: () => START });
  try {
    const { db } = kyodo;
    const councilId = kyodo.council.id;
    const bodies = Array.from({ length: BODIES }, (_, i) => ({
      id: randomUUID(),
      councilId,
      code: String(900000 + i),
      name: `団体${i}`,
      nameKey: `団体${i}`,
      kind: "city",
    }));
    const people = Array.from({ length: PEOPLE }, (_, i) => ({
      id: randomUUID(),
      councilId,
      handle: `bulk${i}`,
      displayName: `職員 ${i}`,
    }));
    for (let i = 0; i < BODIES; i += 500) await db.body.createMany({ data: bodies.slice(i, i + 500) });
    for (let i = 0; i < PEOPLE; i += 500) {
      const slice = people.slice(i, i + 500);
      await db.person.createMany({ data: slice });
      await db.staffMembership.createMany({
        data: slice.map((p, j) => ({ personId: p.id, bodyId: bodies[(i + j) % BODIES]!.id, primaryContact: i + j < BODIES })),
      });
    }

    // A survey addressed to every body, half of them answered.
    const { definition, source } = readSurveyDefinition(
      readFileSync(join(ROOT, "scripts/examples/survey-ai-minutes.yaml"), "utf8"),
      "survey.yaml",
      "Asia/Tokyo",
      START,
    );
    const { survey } = await createSurvey(db, { councilId, definition, createdBy: "bench", source }, START, "Asia/Tokyo");
    // The example addresses the demo organ's bodies; every body of the council is added.
    const addressed = new Set((await db.surveyTarget.findMany({ where: { surveyId: survey.id } })).map((t) => t.bodyId));
    const targets = bodies.filter((b) => !addressed.has(b.id)).map((b) => ({ surveyId: survey.id, bodyId: b.id }));
    for (let i = 0; i < targets.length; i += 500) await db.surveyTarget.createMany({ data: targets.slice(i, i + 500) });
    const answers = JSON.stringify({ join: "join", licences: 12, start: "2027-04-01", uses: ["council", "internal"], wg: "yes" });
    const submissions = bodies
      .filter((_, i) => i % 2 === 0)
      .map((b, i) => ({
        surveyId: survey.id,
        bodyId: b.id,
        personId: people[i]!.id,
        answers,
        receiptCode: `B-${i}`,
        via: "line",
        submittedAt: START,
      }));
    for (let i = 0; i < submissions.length; i += 500) await db.surveySubmission.createMany({ data: submissions.slice(i, i + 500) });

    // An organ with a seat per body, a ballot on it, half of the seats voted on each motion.
    const organ = await db.organ.create({ data: { councilId, slug: "national", name: "全国総会", kind: "general_assembly" } });
    const seats = bodies.map((b, i) => ({ id: randomUUID(), organId: organ.id, bodyId: b.id, representativeId: people[i]!.id }));
    for (let i = 0; i < seats.length; i += 500) await db.seat.createMany({ data: seats.slice(i, i + 500) });
    const ballot = await createBallot(
      db,
      {
        councilId,
        organId: organ.id,
        title: "全国総会 書面表決",
        deadline: new Date("2026-12-25T08:00:00Z"),
        motions: [{ title: "議案1" }, { title: "議案2" }, { title: "議案3" }],
        createdBy: "bench",
      },
      START,
      "Asia/Tokyo",
    );
    const votes = ballot.motions.flatMap((motion) =>
      seats
        .filter((_, i) => i % 2 === 0)
        .map((seat) => ({
          ballotId: ballot.id,
          motionId: motion.id,
          seatId: seat.id,
          bodyId: seat.bodyId,
          personId: seat.representativeId,
          capacity: "representative",
          choice: "for",
          channel: "line",
          motionVersion: 1,
          currentKey: `${motion.id}:${seat.id}`,
          receipt: `R${seat.id.slice(0, 8)}`,
          castAt: START,
        })),
    );
    for (let i = 0; i < votes.length; i += 500) await db.motionVote.createMany({ data: votes.slice(i, i + 500) });

    // Signed in as the demo secretariat member.
    const yamada = await db.person.findFirstOrThrow({ where: { councilId, handle: "yamada" } });
    const { token } = await issueConsoleLink(db, { personId: yamada.id, createdBy: "bench" }, START);
    const base = `http://127.0.0.1:${kyodo.http!.port}`;
    const signIn = await fetch(`${base}/console/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
    });
    const cookie = signIn.headers.getSetCookie()[0]!.split(";")[0]!;

    const pages: Record<string, string> = {
      home: "/console/",
      survey: `/console/surveys/${survey.number}`,
      ballot: `/console/ballots/${ballot.number}`,
      surveyCsv: `/console/surveys/${survey.number}/download?format=csv&encoding=utf8`,
    };
    const results: Record<string, { medianMs: number; maxMs: number; bytes: number; status: number }> = {};
    for (const [name, path] of Object.entries(pages)) {
      const times: number[] = [];
      let bytes = 0;
      let status = 0;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        const response = await fetch(`${base}${path}`, { headers: { cookie } });
        bytes = (await response.arrayBuffer()).byteLength;
        status = response.status;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      results[name] = { medianMs: Math.round(times[2]!), maxMs: Math.round(times[4]!), bytes, status };
      console.log(name, results[name]);
    }
    const out = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      /** the machine is shared: the 1-minute load average when the run ended, to read the times against */
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      bodies: BODIES,
      staff: PEOPLE,
      surveyAnswered: submissions.length,
      ballotSeats: seats.length,
      votes: votes.length,
      runsPerPage: 5,
      pages: results,
    };
    mkdirSync(join(ROOT, "scripts/bench-results"), { recursive: true });
    writeFileSync(join(ROOT, "scripts/bench-results/console.json"), `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await kyodo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

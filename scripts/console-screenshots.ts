// Screenshots of the web console's main pages, for people to look at (README "The web console"): a demo Kyodo with
// the example survey and ballot, a third of the bodies answered and seats voted, opened in headless Chromium
// (Debian's `chromium`; KYODO_CHROMIUM names another) and signed in as the demo secretariat member.
//   npx tsx scripts/console-screenshots.ts [out-dir]     (default docs/screenshots)
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startKyodo } from "../src/app.ts";
import { loadConfig } from "../src/config/config.ts";
import { silentLogger } from "../src/config/logger.ts";
import { issueConsoleLink } from "../src/domain/access/console-sign-in.ts";
import { parseBallotDefinition, parseDateTime } from "../src/domain/motions/ballot-definition.ts";
import { createInquiry } from "../src/domain/inquiries/create-inquiry.ts";
import { recordAnswerForBody } from "../src/domain/inquiries/record-answer-for-body.ts";
import { createBallot } from "../src/domain/motions/create-ballot.ts";
import { findOrgan } from "../src/domain/organs/find-organ.ts";
import { createSurvey } from "../src/domain/surveys/create-survey.ts";
import { readSurveyDefinition } from "../src/domain/surveys/read-definition.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = process.argv[2] ?? join(ROOT, "docs/screenshots");
const NOW = new Date("2026-11-24T01:00:00Z");
const ZONE = "Asia/Tokyo";

const dir = mkdtempSync(join(tmpdir(), "kyodo-screens-"));
const kyodo = await startKyodo(
  loadConfig({ PORT: "0", LOG_LEVEL: "silent", DATABASE_URL: `file:${join(dir, "kyodo.db")}`, AUDIT_CHECKPOINT_CRON: "off" }),
  silentLogger(),
  { scheduler: false, clock: () => NOW },
);
const browser = await chromium.launch({
  executablePath: process.env.KYODO_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const { db } = kyodo;
  const councilId = kyodo.council.id;
  const yamada = await db.person.findFirstOrThrow({ where: { councilId, handle: "yamada" } });
  const read = (file: string) => readFileSync(join(ROOT, "scripts/examples", file), "utf8");

  const { definition, source } = readSurveyDefinition(read("survey-ai-minutes.yaml"), "survey-ai-minutes.yaml", ZONE, NOW);
  const { survey } = await createSurvey(db, { councilId, definition, createdBy: `person:${yamada.id}`, source }, NOW, ZONE);
  const targets = await db.surveyTarget.findMany({ where: { surveyId: survey.id } });
  const staff = await db.staffMembership.findMany({ where: { endedAt: null } });
  const joins = ["join", "join", "undecided", "decline"];
  await db.surveySubmission.createMany({
    data: targets
      .filter((_, i) => i % 3 === 0)
      .map((t, i) => ({
        surveyId: survey.id,
        bodyId: t.bodyId,
        personId: staff.find((s) => s.bodyId === t.bodyId)?.personId ?? yamada.id,
        answers: JSON.stringify({
          join: joins[i % 4],
          licences: 5 + (i % 7) * 3,
          start: "2027-04-01",
          uses: ["council", "internal"],
          wg: i % 2 === 0 ? "yes" : "no",
        }),
        receiptCode: `1-DEMO${i}`,
        via: "line",
        submittedAt: NOW,
      })),
  });

  const { definition: ballotDef } = parseBallotDefinition(read("ballot-sokai-2017.yaml"), "ballot-sokai-2017.yaml");
  const organ = await findOrgan(db, councilId, ballotDef.organ);
  const ballot = await createBallot(
    db,
    {
      councilId,
      organId: organ.id,
      title: ballotDef.title,
      deadline: parseDateTime(ballotDef.deadline, ZONE)!,
      rules: ballotDef.rules ?? undefined,
      motions: ballotDef.motions.map((m) => ({ number: m.number, title: m.title, text: m.text, attachments: m.attachments })),
      createdBy: `person:${yamada.id}`,
    },
    NOW,
    ZONE,
  );
  const seats = await db.seat.findMany({ where: { organId: organ.id } });
  await db.motionVote.createMany({
    data: ballot.motions.flatMap((motion) =>
      seats
        .filter((_, i) => i % 3 === 0)
        .map((seat, i) => ({
          ballotId: ballot.id,
          motionId: motion.id,
          seatId: seat.id,
          bodyId: seat.bodyId,
          personId: seat.representativeId ?? yamada.id,
          capacity: "representative",
          choice: i % 5 === 4 ? "against" : "for",
          channel: "slack",
          motionVersion: 1,
          currentKey: `${motion.id}:${seat.id}`,
          receipt: `R${String(i).padStart(4, "0")}`,
          castAt: NOW,
        })),
    ),
  });

  // An inquiry with a few bodies' answers, one of them recorded by the secretariat from a phone call.
  const inquiry = await createInquiry(
    db,
    {
      councilId,
      title: "庁内LANの更新時期",
      body: "次期の庁内LAN更新を予定している年度を教えてください。",
      dueAt: new Date("2026-12-10T08:00:00Z"),
      createdById: yamada.id,
    },
    NOW,
    ZONE,
  );
  const inquiryTargets = await db.inquiryTarget.findMany({ where: { inquiryId: inquiry.id } });
  for (const [i, target] of inquiryTargets.filter((_, i) => i % 4 === 0).entries())
    await recordAnswerForBody(
      db,
      {
        inquiryId: inquiry.id,
        bodyId: target.bodyId,
        recordedById: yamada.id,
        note: i % 2 === 0 ? "令和9年度" : "電話で回答（令和10年度）",
        actor: `person:${yamada.id}`,
      },
      NOW,
    );

  const { token } = await issueConsoleLink(db, { personId: yamada.id, createdBy: "screenshots" }, NOW);
  const base = `http://127.0.0.1:${kyodo.http!.port}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  await page.goto(`${base}/console/sign-in?token=${token}`);
  await page.getByRole("button").click();
  await page.waitForURL(`${base}/console/`);
  mkdirSync(OUT, { recursive: true });
  const shots: Array<[string, string]> = [
    ["console-home.png", "/console/"],
    ["console-survey.png", `/console/surveys/${survey.number}`],
    ["console-ballot.png", `/console/ballots/${ballot.number}`],
    ["console-audit.png", "/console/audit?verify=1"],
    ["console-inquiry.png", `/console/inquiries/${inquiry.number}`],
  ];
  for (const [file, path] of shots) {
    await page.goto(`${base}${path}`);
    // The top of long pages (a survey's or ballot's tables run on for every body).
    await page.screenshot({ path: join(OUT, file), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1800 } });
    console.log(join(OUT, file));
  }
  await page.goto(`${base}/console/ballots/new`);
  await page.getByLabel("定義（YAML）").fill(read("ballot-sokai-2017.yaml"));
  await page.getByRole("button", { name: "確認する" }).click();
  await page.getByRole("heading", { name: "作成内容の確認" }).waitFor();
  await page.screenshot({ path: join(OUT, "console-ballot-preview.png") });
  console.log(join(OUT, "console-ballot-preview.png"));

  // A broadcast's preview: who gets it on which platform, and who cannot be reached.
  await page.goto(`${base}/console/broadcasts`);
  await page.getByLabel("全団体").check();
  await page.getByLabel("本文（2000文字まで）").fill("12月の幹事会は書面開催とします。資料は共有フォルダをご覧ください。");
  await page.getByRole("button", { name: "宛先を確認する" }).click();
  await page.getByRole("heading", { name: "送信前の確認" }).waitFor();
  await page.screenshot({ path: join(OUT, "console-broadcast-preview.png") });
  console.log(join(OUT, "console-broadcast-preview.png"));

  // A CSV upload with problems, named by line in Japanese and English.
  await page.goto(`${base}/console/imports`);
  await page.getByLabel("取り込むもの").selectOption("people");
  await page.getByLabel("CSV ファイル").setInputFiles({
    name: "職員.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("ハンドル,氏名,団体,メール\nsuzuki ichiro,鈴木 一郎,千葉市,suzuki@example\ntanaka.h,田中 春子,どこか市,\n", "utf8"),
  });
  await page.getByRole("button", { name: "内容を確認する" }).click();
  await page.getByRole("alert").waitFor();
  await page.screenshot({ path: join(OUT, "console-import-problems.png") });
  console.log(join(OUT, "console-import-problems.png"));

  // A cost share's preview: every body's amount, adding up to the total to the yen.
  await page.goto(`${base}/console/money/shares/new`);
  await page
    .getByLabel("指定（YAML/JSON）")
    .fill(readFileSync(join(ROOT, "src/demo/usage-money/chiba-fy2017-share-2-company-data.yaml"), "utf8"));
  await page.getByRole("button", { name: "確認する" }).click();
  await page.getByRole("heading", { name: "計算結果の確認（まだ保存していません）" }).waitFor();
  await page.screenshot({ path: join(OUT, "console-share-preview.png") });
  console.log(join(OUT, "console-share-preview.png"));
} finally {
  await browser.close();
  await kyodo.close();
  rmSync(dir, { recursive: true, force: true });
}

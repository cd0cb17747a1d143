// Setting up a council at scale from spreadsheets (issue #15): 2,000 people with their bodies, a 2,000-seat
// organ, enrolment codes for everyone on it, and paper answers to a survey. Each import is all or nothing:
// a file with mistakes writes nothing and names every mistake by line, in Japanese and English (Shift_JIS
// files too); a clean file is written in one transaction and audited.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashCode } from "../../src/domain/identities/enrolment-code.ts";
import { nameKey } from "../../src/lib/japanese/normalize.ts";
import { openDatabase, type Db } from "../../src/storage/database.ts";
import { runCli } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl, KYODO_COUNCIL: "big", KYODO_LOAD_DEMO: "never" };
const SIZE = 2000;
const bodyName = (i: number) => `第${i}広域事務組合`;
let db: Db;

function write(name: string, lines: string[], encoding: "utf8" | "sjis" = "utf8"): string {
  const file = join(dir, name);
  const text = lines.join("\r\n");
  writeFileSync(file, encoding === "sjis" ? iconv.encode(text, "Shift_JIS") : `\uFEFF${text}`);
  return file;
}

beforeAll(async () => {
  expect((await runCli(["council", "create", "big", "大規模協議会"], env)).code).toBe(0);
  db = openDatabase(databaseUrl);
  const council = await db.council.findUniqueOrThrow({ where: { slug: "big" } });
  // The member bodies (special-purpose bodies need no code); bodies import has its own test.
  const bodies = Array.from({ length: SIZE }, (_, i) => ({
    councilId: council.id,
    name: bodyName(i + 1),
    nameKey: nameKey(bodyName(i + 1)),
    kind: "special",
  }));
  for (let i = 0; i < bodies.length; i += 200) await db.body.createMany({ data: bodies.slice(i, i + 200) });
  await db.body.create({ data: { councilId: council.id, code: "121002", name: "千葉市", nameKey: nameKey("千葉市"), kind: "city" } });
  expect((await runCli(["organs", "create", "soukai", "総会", "--kind", "総会"], env)).code).toBe(0);
  expect((await runCli(["people", "add", "jimu", "事務局 一郎", "--role", "secretariat"], env)).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("bulk imports", () => {
  it("people: a Shift_JIS file with mistakes writes nothing and names each line; a clean 2,000-row file is written", async () => {
    const bad = write(
      "people-bad.csv",
      [
        "ハンドル,氏名,団体,メール,役割,言語,主担当",
        "p1,職員 1,千葉市,p1@example.jp,,ja,はい",
        "Bad Handle,職員 2,千葉市,,,,",
        "p3,職員 3,存在しない市,,,,",
        "p1,職員 4,千葉市,,,,",
        "p5,職員 5,121002,not-an-address,,,",
        "p6,職員 6,千葉市,,議長,,",
      ],
      "sjis",
    );
    const refused = await runCli(["people", "import", bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("何も取り込んでいません");
    expect(refused.stderr).toContain("Nothing was imported: 5 problems");
    expect(refused.stderr).toContain(`${bad}:3: ハンドル「bad handle」は使えません`);
    expect(refused.stderr).toContain(`${bad}:4: 団体「存在しない市」が見つかりません`);
    expect(refused.stderr).toContain(`${bad}:5: ハンドル「p1」が 2 行目と重複しています`);
    expect(refused.stderr).toContain(`${bad}:6: メールアドレス「not-an-address」`);
    expect(refused.stderr).toContain(`${bad}:7: 役割「議長」はありません`);
    expect(refused.stderr).toContain('No role "議長"');
    expect(await db.person.count()).toBe(1);

    const rows = Array.from(
      { length: SIZE },
      (_, i) => `m${i + 1},委員 ${i + 1},${bodyName(i + 1)},m${i + 1}@example.jp,,${i % 2 ? "en" : "ja"},1`,
    );
    const good = write("people.csv", ["handle,name,body,email,role,locale,primary", ...rows, "kacho,課長 花子,121002,,事務局,,"]);
    const imported = await runCli(["people", "import", good], env);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain(`新規 ${SIZE + 1} 人`);
    expect(await db.person.count()).toBe(SIZE + 2);
    expect(await db.staffMembership.count({ where: { primaryContact: true } })).toBe(SIZE);
    expect(await db.personRole.count({ where: { role: "secretariat" } })).toBe(2);
    const m2 = await db.person.findFirstOrThrow({ where: { handle: "m2" }, include: { memberships: { include: { body: true } } } });
    expect(m2).toMatchObject({ displayName: "委員 2", locale: "en", email: "m2@example.jp" });
    expect(m2.memberships.map((m) => m.body.name)).toEqual([bodyName(2)]);
    expect(await db.auditEntry.count({ where: { action: "people.import" } })).toBe(1);

    // Running the same file again changes nothing.
    const again = await runCli(["people", "import", good], env);
    expect(again.stdout).toContain(`変更なし ${SIZE + 1} 人`);
  }, 60_000);

  it("seats: mistakes are listed by line; then a 2,000-seat organ is written at once, and the same file again changes nothing", async () => {
    const bad = write("seats-bad.csv", [
      "団体,代表者,役割",
      `${bodyName(1)},m1,議長`,
      `${bodyName(2)},m1,委員`,
      `${bodyName(3)},nobody,`,
      `${bodyName(1)},m1,`,
      `${bodyName(4)},m4,総裁`,
    ]);
    const refused = await runCli(["seats", "import", "soukai", bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${bad}:3: 代表者「m1」は${bodyName(2)}の担当者ではありません。 / "m1" is not staff of ${bodyName(2)}.`,
    );
    expect(refused.stderr).toContain(`${bad}:4: 代表者「nobody」は登録されていません`);
    expect(refused.stderr).toContain(`${bad}:5: ${bodyName(1)}が 2 行目と重複しています`);
    expect(refused.stderr).toContain(`${bad}:6: 役割「総裁」はありません`);
    expect(await db.seat.count()).toBe(0);

    const rows = Array.from({ length: SIZE }, (_, i) => `${bodyName(i + 1)},m${i + 1},${i === 0 ? "chair" : i === 1 ? "副議長" : ""}`);
    const good = write("seats.csv", ["body,representative,role", ...rows]);
    const imported = await runCli(["organ", "seats", "import", "soukai", good], env);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain(`新規 ${SIZE}`);
    expect(await db.seat.count({ where: { representativeId: { not: null } } })).toBe(SIZE);
    expect(
      (await db.seat.findMany({ where: { role: { not: "member" } }, include: { body: true } })).map((s) => [s.body.name, s.role]).sort(),
    ).toEqual([
      [bodyName(1), "chair"],
      [bodyName(2), "vice_chair"],
    ]);
    expect((await runCli(["seats", "import", "soukai", good], env)).stdout).toContain(`変更なし ${SIZE}`);
    expect(await db.auditEntry.count({ where: { action: "organs.seats.import" } })).toBe(2);
  }, 60_000);

  it("link codes: one code per person on the organ, written to a file; a new run replaces the unused codes", async () => {
    const out = join(dir, "codes.csv");
    const generated = await runCli(["link", "codes", "generate", "--organ", "soukai", "--out", out], env);
    expect(generated.stderr).toBe("");
    expect(generated.stdout).toContain(`${SIZE} 人分の登録コード`);
    const lines = readFileSync(out, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("handle,name,body,code,expires");
    expect(lines).toHaveLength(SIZE + 1);
    const [handle, , body, code] = lines.find((l) => l.startsWith("m7,"))!.split(",");
    expect([handle, body]).toEqual(["m7", bodyName(7)]);
    const stored = await db.enrolmentCode.findUniqueOrThrow({ where: { codeHash: hashCode(code!) }, include: { person: true } });
    expect(stored.person.handle).toBe("m7");
    expect(stored.expiresAt.getTime()).toBeGreaterThan(Date.now());

    expect((await runCli(["link", "codes", "generate", "--organ", "soukai", "--out", out, "--encoding", "sjis"], env)).code).toBe(0);
    const replaced = await db.enrolmentCode.findUniqueOrThrow({ where: { codeHash: hashCode(code!) } });
    expect(replaced.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(iconv.decode(readFileSync(out), "Shift_JIS")).toContain(bodyName(7));
  }, 60_000);

  it("paper answers: cells read as chat reads them, mistakes by line and question, then 2,000 bodies' answers recorded and verifiable", async () => {
    const definition = join(dir, "survey.yaml");
    writeFileSync(
      definition,
      [
        "title: 参加意向調査",
        "audience: { organ: soukai }",
        `dueAt: ${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}`,
        "questions:",
        "  - { id: join, kind: yesno, text: 参加しますか。 }",
        "  - { id: licences, kind: number, text: ライセンス数, min: 1, max: 200, when: { question: join, equals: 'yes' } }",
        "  - { id: start, kind: date, text: 開始日, required: false }",
      ].join("\n"),
    );
    const created = await runCli(["survey", "create", definition], env);
    expect(created.code).toBe(0);

    const bad = write("answers-bad.csv", [
      "団体,問1,licences,start,備考",
      `${bodyName(1)},はい,12,令和9年4月1日,`,
      `${bodyName(2)},たぶん,,,`,
      `${bodyName(3)},はい,,,`,
      `千葉市,いいえ,,,`,
      `${bodyName(1)},いいえ,,,`,
    ]);
    const refused = await runCli(["survey", "answers", "import", "1", bad, "--as", "jimu"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:1: 列「備考」がどの設問か分かりません`);
    expect(refused.stderr).toContain(
      `${bad}:3: 問1「たぶん」: 「はい」か「いいえ」（または 1 / 2）で答えてください。 / Q1 "たぶん": Answer yes or no`,
    );
    expect(refused.stderr).toContain(`${bad}:4: 必須の設問に回答がありません: 問2`);
    expect(refused.stderr).toContain(`${bad}:5: 千葉市はこの調査の対象ではありません`);
    expect(refused.stderr).toContain(`${bad}:6: ${bodyName(1)}が 2 行目と重複しています`);
    expect(await db.surveySubmission.count()).toBe(0);

    const rows = Array.from({ length: SIZE }, (_, i) =>
      i % 3 === 0 ? `${bodyName(i + 1)},いいえ,,` : `${bodyName(i + 1)},はい,${(i % 200) + 1},2027-04-01`,
    );
    const good = write("answers.csv", ["body,join,licences,start", ...rows], "sjis");
    const imported = await runCli(["survey", "answers", "import", "1", good, "--as", "jimu"], env);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain(`${SIZE} 団体`);
    expect(await db.surveySubmission.count({ where: { current: true, via: "paper" } })).toBe(SIZE);
    const secondBody = await db.body.findFirstOrThrow({ where: { name: bodyName(2) } });
    const second = await db.surveySubmission.findFirstOrThrow({ where: { bodyId: secondBody.id } });
    expect(JSON.parse(second.answers)).toEqual({ join: "yes", licences: 2, start: "2027-04-01" });
    expect((await runCli(["survey", "status", "1"], env)).stdout).toContain(`${SIZE}/${SIZE}`);
    // Each body's answer is in the audit log, as a chat confirmation is: the log proves them.
    const verified = await runCli(["audit", "verify"], env);
    expect(verified.stderr).toBe("");
    expect(verified.code).toBe(0);
  }, 120_000);
});

// `npm start` as a newcomer runs it: a fresh database is created and migrated, the demo council loaded,
// and a scripted console conversation answered; bad configuration stops it with one clear line.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runStart } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl, PORT: "0" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm start", () => {
  it("answers a piped conversation as the chosen demo person", async () => {
    const result = await runStart(["--as", "takahashi"], env, "me\n/kyodo bodies 袖ヶ浦\nexit\n");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("高橋 美咲 さんとして話しています");
    expect(result.stdout).toContain("所属団体: 銚子市");
    expect(result.stdout).toMatch(/122297\s+袖ケ浦市/);
  });

  it("lists the demo people", async () => {
    const result = await runStart(["--list-people"], env, "");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/yamada\s+山田 花子\s+千葉県\s+admin,secretariat/);
    expect(result.stdout).toMatch(/smith\s+John Smith\s+市川市/);
    expect(result.stdout.trim().split("\n")).toHaveLength(2 + 7);
  });

  it("says who is unknown", async () => {
    const result = await runStart(["--as", "nobody"], env, "");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("「nobody」というデモ利用者はいません");
  });

  it("stops with one line naming a bad variable", async () => {
    const result = await runStart([], { ...env, PORT: "eighty" }, "");
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("環境変数 PORT が正しくありません");
    expect(lines[0]).toContain('environment variable PORT is invalid (got "eighty")');
  });
});

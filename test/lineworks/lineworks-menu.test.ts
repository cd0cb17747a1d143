// The persistent-menu script against the fake LINE WORKS: it sets four message-action buttons that send
// commands (the fake refuses more than 4, or labels and postbacks over the documented lengths), runs as
// a command with the channel's settings, and names what is missing when they are incomplete. The
// settings themselves: a private key from a file, and a key that cannot be read, refused without quoting it.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { persistentMenuActions, publishPersistentMenu } from "../../scripts/lineworks-menu.ts";
import { loadConfig } from "../../src/config/config.ts";
import { lineworksSettings } from "../../src/config/lineworks-settings.ts";
import { ROOT } from "../support/run-command.ts";
import { FakeLineWorks, PRIVATE_KEY_PEM } from "./support/fake-lineworks-api.ts";
import { lineworksEnv } from "./support/lineworks-kyodo.ts";

let works: FakeLineWorks;
let dir: string;
beforeAll(async () => {
  works = await new FakeLineWorks().start();
  dir = mkdtempSync(join(tmpdir(), "kyodo-lineworks-"));
});
afterAll(async () => {
  await works.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  works.reset();
  works.persistentMenu = undefined;
});

function without(env: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key !== name));
}

describe("LINE WORKS persistent menu", () => {
  it("sets 回答する / 投票する / お知らせ / ヘルプ as buttons that send commands", async () => {
    await publishPersistentMenu(lineworksSettings(loadConfig(lineworksEnv(works)))!);
    expect(works.callsTo("/persistentmenu").map((c) => c.status)).toEqual([201]);
    expect(works.persistentMenu!.actions).toEqual([
      { type: "message", label: "回答する", text: "回答する", postback: "a|cmd|survey" },
      { type: "message", label: "投票する", text: "投票する", postback: "a|cmd|vote" },
      { type: "message", label: "お知らせ", text: "お知らせ", postback: "a|cmd|home" },
      { type: "message", label: "ヘルプ", text: "ヘルプ", postback: "a|cmd|help" },
    ]);
    expect(persistentMenuActions()).toHaveLength(4);
  });

  it("runs as a command with the environment's configuration, and names missing settings", async () => {
    const run = (env: Record<string, string>) =>
      promisify(execFile)(process.execPath, ["scripts/lineworks-menu.ts"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    const { stdout } = await run(lineworksEnv(works));
    expect(stdout).toContain("固定メニュー");
    expect(works.persistentMenu?.actions).toHaveLength(4);
    const incomplete = without(lineworksEnv(works), "LINEWORKS_CLIENT_SECRET");
    const failure = await run(incomplete).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("LINEWORKS_CLIENT_SECRET");
  });

  it("reads the private key from a file, and refuses an unreadable key without quoting it", () => {
    const file = join(dir, "private_20261203.key");
    writeFileSync(file, PRIVATE_KEY_PEM);
    const env = without(lineworksEnv(works), "LINEWORKS_PRIVATE_KEY");
    expect(lineworksSettings(loadConfig({ ...env, LINEWORKS_PRIVATE_KEY_FILE: file }))?.privateKey).toBe(PRIVATE_KEY_PEM);
    // Pasted into one environment line, with its line breaks written as \n.
    const oneLine = PRIVATE_KEY_PEM.replace(/\n/g, "\\n");
    expect(lineworksSettings(loadConfig({ ...env, LINEWORKS_PRIVATE_KEY: oneLine }))?.privateKey).toBe(PRIVATE_KEY_PEM);
    const secretLooking = "-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n-----END PRIVATE KEY-----";
    expect(() => lineworksSettings(loadConfig({ ...env, LINEWORKS_PRIVATE_KEY: secretLooking }))).toThrow(/秘密鍵/);
    expect(() => lineworksSettings(loadConfig({ ...env, LINEWORKS_PRIVATE_KEY: secretLooking }))).not.toThrow(/SECRETSECRET/);
    expect(() => lineworksSettings(loadConfig({ ...env, LINEWORKS_PRIVATE_KEY_FILE: join(dir, "missing.key") }))).toThrow(/missing\.key/);
  });
});

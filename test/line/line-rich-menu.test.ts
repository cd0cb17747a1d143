// The rich-menu script against the fake LINE API: it creates the menu with four buttons that send
// commands, uploads the shipped image, makes the menu the default, and on a rerun replaces its own
// earlier menu (and nothing else).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pngSize, publishRichMenu, RICH_MENU_IMAGE, RICH_MENU_NAME } from "../../scripts/line-rich-menu.ts";
import { ROOT } from "../support/run-command.ts";
import type { messagingApi } from "@line/bot-sdk";
import { FakeLineApi } from "./support/fake-line-api.ts";

let line: FakeLineApi;
beforeAll(async () => {
  line = await new FakeLineApi().start();
});
afterAll(async () => {
  await line.stop();
});
beforeEach(() => line.reset());

describe("LINE rich menu script", () => {
  it("ships a 2500x843 PNG under 1 MB", () => {
    const image = readFileSync(RICH_MENU_IMAGE);
    expect(pngSize(image)).toEqual({ width: 2500, height: 843 });
    expect(image.length).toBeLessThan(1024 * 1024);
  });

  it("creates the menu, uploads the image and makes it the default", async () => {
    const { richMenuId, replaced } = await publishRichMenu({ channelAccessToken: line.token, apiBaseUrl: line.baseUrl });
    expect(replaced).toEqual([]);
    expect(line.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /v2/bot/richmenu/list",
      "POST /v2/bot/richmenu",
      `POST /v2/bot/richmenu/${richMenuId}/content`,
      `POST /v2/bot/user/all/richmenu/${richMenuId}`,
    ]);
    for (const call of line.calls) expect(call.headers.authorization).toBe(`Bearer ${line.token}`);

    const request = line.calls[1]!.body as messagingApi.RichMenuRequest;
    const areas = request.areas ?? [];
    expect(request.size).toEqual({ width: 2500, height: 843 });
    expect(request.name).toBe(RICH_MENU_NAME);
    expect(request.chatBarText?.length).toBeLessThanOrEqual(14);
    expect(areas.map((a) => a.action?.label)).toEqual(["回答する", "投票する", "お知らせ", "ヘルプ"]);
    expect(areas.map((a) => (a.action?.type === "postback" ? a.action.data : undefined))).toEqual([
      "a|cmd|survey",
      "a|cmd|vote",
      "a|cmd|home",
      "a|cmd|help",
    ]);
    // The four areas tile the image exactly.
    expect(areas.map((a) => [a.bounds?.x, a.bounds?.width])).toEqual([
      [0, 625],
      [625, 625],
      [1250, 625],
      [1875, 625],
    ]);
    for (const area of areas) expect(area.bounds).toMatchObject({ y: 0, height: 843 });

    const upload = line.calls[2]!;
    expect(upload.headers["content-type"]).toBe("image/png");
    expect(Buffer.isBuffer(upload.body) && Buffer.compare(upload.body, readFileSync(RICH_MENU_IMAGE))).toBe(0);
    expect(line.defaultRichMenuId).toBe(richMenuId);
  });

  it("replaces its own earlier menu on a rerun and leaves other menus alone", async () => {
    const other = await fetch(`${line.baseUrl}/v2/bot/richmenu`, {
      method: "POST",
      headers: { authorization: `Bearer ${line.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "campaign", size: { width: 2500, height: 843 }, selected: false, chatBarText: "x", areas: [] }),
    }).then((r) => r.json() as Promise<{ richMenuId: string }>);
    const before = [...line.richMenus.keys()].filter((id) => line.richMenus.get(id)!.request.name === RICH_MENU_NAME);
    const { richMenuId, replaced } = await publishRichMenu({ channelAccessToken: line.token, apiBaseUrl: line.baseUrl });
    expect(replaced).toEqual(before);
    expect([...line.richMenus.keys()].sort()).toEqual([other.richMenuId, richMenuId].sort());
    expect(line.defaultRichMenuId).toBe(richMenuId);
  });

  it("fails on a wrong token without creating anything", async () => {
    const count = line.richMenus.size;
    await expect(publishRichMenu({ channelAccessToken: "wrong", apiBaseUrl: line.baseUrl })).rejects.toThrow();
    expect(line.richMenus.size).toBe(count);
  });

  it("runs as a command with the environment's configuration", async () => {
    const run = (env: Record<string, string>) =>
      promisify(execFile)(process.execPath, ["scripts/line-rich-menu.ts"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    const { stdout } = await run({ LINE_CHANNEL_ACCESS_TOKEN: line.token, LINE_API_BASE_URL: line.baseUrl });
    expect(stdout).toContain("LINE のリッチメニューを公開しました");
    expect(stdout).toContain(line.defaultRichMenuId!);
    // Without a token it exits with 1 and names the missing setting.
    const failed = (await run({}).catch((error: unknown) => error)) as { code?: number; stderr?: string };
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("LINE_CHANNEL_ACCESS_TOKEN");
  });
});

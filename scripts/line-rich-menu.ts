// `npx tsx scripts/line-rich-menu.ts`: publishes Kyodo's LINE rich menu — 回答する / 投票する / お知らせ /
// ヘルプ under the message field — as every friend's default menu. It creates the menu, uploads the
// image shipped in scripts/assets/, makes it the default, then deletes the Kyodo menus it replaces, so
// running it again after a change is safe and friends are never left without a menu.
// Needs LINE_CHANNEL_ACCESS_TOKEN; LINE_API_BASE_URL sends the calls to another host (tests, proxies).
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { messagingApi } from "@line/bot-sdk";
import { inlineAction } from "../src/adapters/shared/postback-data.ts";
import { ConfigError, loadConfig } from "../src/config/config.ts";
import { COMMAND_ACTION } from "../src/engine/definitions.ts";
import { bilingual, translator } from "../src/engine/i18n.ts";

export const RICH_MENU_IMAGE = fileURLToPath(new URL("./assets/line-rich-menu.png", import.meta.url));
/** The name marks Kyodo's own menus (LINE users never see it), so a rerun replaces only those. */
export const RICH_MENU_NAME = "kyodo-main";
const SIZE = { width: 2500, height: 843 };

/** Each button sends a command the engine knows: 回答する lists the surveys to answer, 投票する the ballots
 *  awaiting a vote, お知らせ opens the person's home (open tasks and notices), ヘルプ the help. */
const BUTTONS = [
  { label: "answer", command: "survey" },
  { label: "vote", command: "vote" },
  { label: "notices", command: "home" },
  { label: "help", command: "help" },
] as const;

export function richMenuRequest(): messagingApi.RichMenuRequest {
  const t = translator("ja");
  const width = SIZE.width / BUTTONS.length;
  return {
    size: SIZE,
    selected: true,
    name: RICH_MENU_NAME,
    chatBarText: t("line.richMenu.chatBar"),
    areas: BUTTONS.map((button, i) => {
      const label = t(`line.richMenu.${button.label}`);
      return {
        bounds: { x: i * width, y: 0, width, height: SIZE.height },
        action: { type: "postback", label, displayText: label, data: inlineAction(COMMAND_ACTION, button.command)! },
      };
    }),
  };
}

/** Width and height from a PNG's header, to refuse an image LINE would refuse. */
export function pngSize(image: Buffer): { width: number; height: number } | undefined {
  const signature = "89504e470d0a1a0a";
  if (image.length < 24 || image.subarray(0, 8).toString("hex") !== signature) return undefined;
  return { width: image.readUInt32BE(16), height: image.readUInt32BE(20) };
}

export interface PublishOptions {
  channelAccessToken: string;
  apiBaseUrl?: string;
  image?: Buffer;
}

export async function publishRichMenu(options: PublishOptions): Promise<{ richMenuId: string; replaced: string[] }> {
  const image = options.image ?? (await readFile(RICH_MENU_IMAGE));
  const size = pngSize(image);
  if (!size || size.width !== SIZE.width || size.height !== SIZE.height || image.length > 1024 * 1024) {
    throw new Error(`the rich menu image must be a PNG of ${SIZE.width}x${SIZE.height} under 1 MB`);
  }
  const config = { channelAccessToken: options.channelAccessToken, baseURL: options.apiBaseUrl };
  const api = new messagingApi.MessagingApiClient(config);
  // The image goes to api-data.line.me unless a base URL overrides both hosts.
  const blobs = new messagingApi.MessagingApiBlobClient(config);

  const { richmenus } = await api.getRichMenuList();
  const replaced = richmenus.filter((m) => m.name === RICH_MENU_NAME).map((m) => m.richMenuId);
  const { richMenuId } = await api.createRichMenu(richMenuRequest());
  await blobs.setRichMenuImage(richMenuId, new Blob([new Uint8Array(image)], { type: "image/png" }));
  await api.setDefaultRichMenu(richMenuId);
  for (const id of replaced) await api.deleteRichMenu(id);
  return { richMenuId, replaced };
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.LINE_CHANNEL_ACCESS_TOKEN) throw new ConfigError(bilingual("line.richMenuNeedsToken"));
  const result = await publishRichMenu({ channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN, apiBaseUrl: config.LINE_API_BASE_URL });
  process.stdout.write(`${bilingual("line.richMenuPublished", { id: result.richMenuId, replaced: result.replaced.length })}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    process.exit(1);
  });
}

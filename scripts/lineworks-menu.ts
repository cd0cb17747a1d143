// `npm run lineworks:menu`: publishes Kyodo's LINE WORKS persistent menu — 回答する / 投票する / お知らせ /
// ヘルプ under the message field of every talk with the bot (bot-menu: at most 4 buttons; the menu
// applies to all members). Each button is a message action: pressing it sends its label as the
// person's message and a command to Kyodo in `postback`, as the LINE rich menu's buttons do. Setting the
// menu again replaces it, so running the script after a change is safe. LINE WORKS drops the persistent
// menu of a bot that has a rich menu, and refuses one while a rich menu exists (bot-menu), so a bot used
// for Kyodo keeps no rich menu. Needs the LINEWORKS_* settings of the channel (README "Connect to LINE WORKS").
import { pathToFileURL } from "node:url";
import { AccessTokenSource } from "../src/adapters/lineworks/access-token.ts";
import { LineWorksApi } from "../src/adapters/lineworks/lineworks-api.ts";
import { LINEWORKS_LIMITS } from "../src/adapters/lineworks/limits.ts";
import { messageAction } from "../src/adapters/lineworks/render-content.ts";
import { inlineAction } from "../src/adapters/shared/postback-data.ts";
import { ConfigError, loadConfig } from "../src/config/config.ts";
import { lineworksSettings, type LineWorksSettings } from "../src/config/lineworks-settings.ts";
import { silentLogger } from "../src/config/logger.ts";
import { COMMAND_ACTION } from "../src/engine/definitions.ts";
import { bilingual, translator } from "../src/engine/i18n.ts";
import { INTERACTIVE_RETRY } from "../src/lib/retry-policy.ts";

/** The same commands as the LINE rich menu (scripts/line-rich-menu.ts): 回答する lists the surveys to
 *  answer, 投票する the ballots awaiting a vote, お知らせ opens the person's home, ヘルプ the help. */
const BUTTONS = [
  { label: "answer", command: "survey" },
  { label: "vote", command: "vote" },
  { label: "notices", command: "home" },
  { label: "help", command: "help" },
] as const;

export function persistentMenuActions(): Array<Record<string, unknown>> {
  const t = translator("ja");
  const actions = BUTTONS.map((b) => messageAction(t(`lineworks.menu.${b.label}`), inlineAction(COMMAND_ACTION, b.command)!));
  if (actions.length > LINEWORKS_LIMITS.persistentMenuActions) throw new Error("a persistent menu holds at most 4 buttons");
  return actions;
}

export async function publishPersistentMenu(settings: LineWorksSettings): Promise<void> {
  const tokens = new AccessTokenSource(settings);
  const api = new LineWorksApi({ botId: settings.botId, tokens, logger: silentLogger(), apiBaseUrl: settings.apiBaseUrl });
  await api.setPersistentMenu(persistentMenuActions(), INTERACTIVE_RETRY);
}

async function main(): Promise<void> {
  const settings = lineworksSettings(loadConfig());
  if (!settings) throw new ConfigError(bilingual("lineworks.missingSetting", { missing: "LINEWORKS_*" }));
  await publishPersistentMenu(settings);
  process.stdout.write(`${bilingual("lineworks.menuPublished", { bot: settings.botId })}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

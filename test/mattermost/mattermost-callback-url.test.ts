// Where Mattermost's buttons call back. Kyodo used to put http://HOST:PORT into every button until the first
// slash command showed the address Mattermost reaches it by: a broadcast or reminder pushed before then
// carried buttons Mattermost could not reach. Now the address is MATTERMOST_CALLBACK_URL, else
// KYODO_PUBLIC_URL; with neither, start-up says which setting is missing (in both languages) and a push with
// buttons waits in the outbox (a retryable DeliveryError) instead of going out with unreachable buttons.
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { MattermostAdapter } from "../../src/adapters/mattermost/mattermost-adapter.ts";
import { DeliveryError } from "../../src/engine/adapter.ts";
import type { OutboundMessage } from "../../src/engine/messages.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "../../src/http/server.ts";
import { BOT_TOKEN, COMMAND_TOKEN, FakeMattermost } from "./support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "./support/mattermost-kyodo.ts";

const question: OutboundMessage = {
  text: "出欠確認",
  blocks: [
    {
      type: "choices",
      prompt: "総会に出席しますか",
      choices: [
        { label: "出席", value: "yes" },
        { label: "欠席", value: "no" },
      ],
      actionId: "rsvp",
    },
  ],
};

const integrationUrls = (mm: FakeMattermost, channelId: string) =>
  mm.seenIn(channelId).flatMap((post) => (post.props.attachments ?? []).flatMap((a) => (a.actions ?? []).map((x) => x.integration?.url)));

describe("Mattermost button callback address", () => {
  let t: MattermostKyodo | undefined;
  afterAll(async () => {
    await t?.dispose();
  });

  it("comes from KYODO_PUBLIC_URL when MATTERMOST_CALLBACK_URL is not set, before any slash command", async () => {
    t = await startMattermostKyodo({ MATTERMOST_WEBSOCKET: "off", KYODO_PUBLIC_URL: "https://kyodo.example.lg.jp/" });
    const group = t.mm.channel("sokai-members");
    await t.adapter.post({ platform: "mattermost", workspace: new URL(t.mm.url).host, conversationId: group.id }, question);
    const urls = integrationUrls(t.mm, group.id);
    expect(urls.length).toBeGreaterThan(0);
    expect(new Set(urls)).toEqual(new Set(["https://kyodo.example.lg.jp/mattermost/actions"]));
  });

  it("with neither setting: start-up names them, and a push with buttons is held back, not sent unreachable", async () => {
    const logs: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
    const mm = await FakeMattermost.start();
    const adapter = new MattermostAdapter({
      url: mm.url,
      botToken: BOT_TOKEN,
      commandTokens: [COMMAND_TOKEN],
      websocket: false,
      logger,
      locale: "ja",
    });
    const app = createHttpApp({} as never, logger);
    adapter.mount(app);
    finishRoutes(app);
    const http: HttpServer = await listen(app, 0, "127.0.0.1");
    mm.kyodoUrl = `http://127.0.0.1:${http.port}`;
    try {
      await adapter.start(() => Promise.resolve([]));
      const warning = logs.find((l) => l.level === 40 && l.msg.includes("MATTERMOST_CALLBACK_URL"));
      expect(warning?.msg).toContain("KYODO_PUBLIC_URL");
      expect(warning?.msg).toMatch(/[ぁ-ん]/);

      const group = mm.channel("sokai-members");
      const ref = { platform: "mattermost", workspace: new URL(mm.url).host, conversationId: group.id };
      const held = await adapter.post(ref, question).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(held).toBeInstanceOf(DeliveryError);
      expect((held as DeliveryError).retryable).toBe(true);
      expect(mm.seenIn(group.id)).toEqual([]);
      // A push without buttons needs no callback and goes out.
      await adapter.post(ref, { text: "お知らせ", blocks: [{ type: "text", text: "お知らせです。" }] });
      expect(mm.seenIn(group.id)).toHaveLength(1);
    } finally {
      await adapter.stop();
      await http.close();
      await mm.close();
    }
  });
});

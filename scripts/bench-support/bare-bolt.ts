// The floor Kyodo's Slack endpoint is measured against (issue #15): a Bolt for JavaScript app in its own
// process, with the same signing secret, that only acknowledges slash commands and button presses.
// Usage (by scripts/bench-ack.ts): PORT=… SLACK_SIGNING_SECRET=… node --import tsx scripts/bench-support/bare-bolt.ts
import bolt from "@slack/bolt";

const { App, LogLevel } = bolt;
const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  // Known bot identity, as Kyodo's adapter does: no auth.test per delivery (Slack is unreachable here).
  authorize: () => Promise.resolve({ botToken: "xoxb-bare-bolt", botId: "BBARE", botUserId: "UBARE" }),
  logLevel: process.env.BOLT_DEBUG ? LogLevel.DEBUG : LogLevel.ERROR,
});
app.command(/.*/, async ({ ack }) => {
  await ack();
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
await app.start({ port: Number(process.env.PORT), host: "127.0.0.1" });
process.stdout.write(`${JSON.stringify({ port: Number(process.env.PORT) })}\n`);
process.once("SIGTERM", () => void app.stop().then(() => process.exit(0)));

// A real Kyodo with the Mattermost channel configured against a fake Mattermost on loopback, and the
// helpers the end-to-end tests share: linking a person, reading what they were shown.
import { expect } from "vitest";
import type { MattermostAdapter } from "../../../src/adapters/mattermost/mattermost-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../../support/test-kyodo.ts";
import { BOT_TOKEN, COMMAND_TOKEN, FakeMattermost, readable, type Person } from "./fake-mattermost.ts";

export interface MattermostKyodo {
  kyodo: TestKyodo;
  mm: FakeMattermost;
  adapter: MattermostAdapter;
  /** links a Mattermost person to a demo person with an enrolment code, in their direct channel */
  link(person: Person, handle: string): Promise<void>;
  /** waits until Kyodo has handled every request and direct message received so far */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startMattermostKyodo(env: Record<string, string> = {}): Promise<MattermostKyodo> {
  const mm = await FakeMattermost.start();
  const kyodo = await startTestKyodo({
    MATTERMOST_URL: mm.url,
    MATTERMOST_BOT_TOKEN: BOT_TOKEN,
    MATTERMOST_COMMAND_TOKEN: `other-team-token,${COMMAND_TOKEN}`,
    ...env,
  });
  mm.kyodoUrl = kyodo.baseUrl;
  const adapter = kyodo.channels.find((c) => c.adapter.platform === "mattermost")?.adapter as MattermostAdapter | undefined;
  if (!adapter) throw new Error("the Mattermost channel did not start");
  if (env.MATTERMOST_WEBSOCKET !== "off") await adapter.directMessages?.ready;
  const settle = () => adapter.idle();
  return {
    kyodo,
    mm,
    adapter,
    settle,
    async link(person, handle) {
      const dm = mm.dmOf(person);
      const answer = await mm.slash(person, dm, `link ${await kyodo.codeFor(handle)}`);
      expect(answer.status).toBe(200);
      expect(readable(mm.lastIn(dm.id, person))).toContain("登録されています");
    },
    async dispose() {
      await kyodo.dispose();
      await mm.close();
    },
  };
}

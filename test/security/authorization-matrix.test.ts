// The authorization policy (src/domain/access/policy.ts) walked on every entry point: each action is
// tried by a member without a secretariat role, by the secretariat and (for chat) by an unlinked account,
// through chat (the engine, as every adapter reaches it) and through the CLI's `--as`. A refused CLI
// call must leave no audit entry naming the member. Every action of the policy must have a row here.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS, POLICY, type Action } from "../../src/domain/access/policy.ts";
import { translator } from "../../src/engine/i18n.ts";
import type { OutboundMessage } from "../../src/engine/messages.ts";
import { createExampleBallot, linkChat } from "../motions/support.ts";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml } from "../surveys/support/surveys.ts";

const ja = translator("ja");
const FORBIDDEN = ja("errors.forbidden");
const NOT_LINKED = ja("errors.notLinked");
const CLI_REFUSED = "権限がありません";

interface Row {
  /** a chat command line that exercises the action */
  chat?: string;
  /** CLI arguments, given the acting handle */
  cli?: (as: string) => string[];
  /** why an action has no entry point to try yet */
  none?: string;
}

const MATRIX: Record<Action, Row> = {
  "help.show": { chat: "help" },
  "identity.link": { chat: "link 000000" },
  "home.show": { chat: "home" },
  "console.link": { chat: "web" },
  "bodies.list": { chat: "bodies 千葉" },
  "ballot.vote": { chat: "vote" },
  "ballot.results": { chat: "vote 1 results" },
  "ballot.status": { chat: "vote 1 status" },
  "ballot.create": {
    cli: (as) => ["ballot", "create", "scripts/examples/ballot-sokai-2017.yaml", "--deadline", "2099-12-01 17:00", "--as", as],
  },
  "ballot.extend": { cli: (as) => ["ballot", "extend", "1", "2099-12-02 17:00", "--as", as] },
  "motion.edit": { cli: (as) => ["motion", "edit", "1", "議案2", "--text", "修正", "--as", as] },
  "motion.recuse": { cli: (as) => ["motion", "recuse", "1", "議案1", "千葉市", "--as", as] },
  "ballot.close": { cli: (as) => ["ballot", "close", "1", "--as", as] },
  "survey.answer": { chat: "survey" },
  "survey.create": { chat: "survey new" },
  "survey.manage": { chat: "survey 1 status" },
  "inquiry.list": { chat: "inquiry" },
  "inquiry.send": {
    chat: "inquiry new 2099-12-01 照会テスト",
    cli: (as) => ["inquiry", "create", "--title", "照会テスト", "--due", "2099-12-01 17:00", "--as", as],
  },
  "broadcast.send": {
    chat: "broadcast",
    cli: (as) => ["broadcast", "send", "--audience", "all", "--text", "お知らせ", "--dry-run", "--as", as],
  },
  "broadcast.cancel": { cli: (as) => ["broadcast", "cancel", "no-such-broadcast", "--as", as] },
  "organ.linkGroup": { chat: "link-organ kanjikai" },
  "candidate.recordForOthers": { cli: (as) => ["candidates", "propose", "行政手続オンライン化", "--as", as] },
  "candidate.manage": { chat: "案件 基準 1/3" },
  "email.resolve": { cli: (as) => ["mail", "resolve", "no-such-mail", "--dismiss", "--as", as] },
  "council.setUp": { none: "the web console's CSV uploads of bodies, people and seats; covered by test/web/console-imports.test.ts" },
  "money.record": {
    none: "the web console's cost shares and settlements (the CLI's shares compute is the operator's); covered by test/web/console-money.test.ts",
  },
  "inbox.retry": {
    none: "the web console's inbox page (the CLI's inbox retry is the operator's); covered by test/web/console-inbox.test.ts",
  },
  "usage.record": { chat: "usage record e-procurement 2017-04 * outage_hours 1" },
  "money.estimateForAnyBody": {
    none: "needs a cost share of a body the member does not belong to; covered by test/usage/usage-chat.test.ts",
  },
};

let kyodo: TestKyodo;
let env: Record<string, string>;
let memberId: string;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  env = { DATABASE_URL: kyodo.databaseUrl, KYODO_COUNCIL: "chiba" };
  const now = new Date();
  await createExampleBallot(kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
  await createFromYaml(kyodo, now);
  memberId = (await linkChat(kyodo, "sato", "console", "matrix-sato")).id;
  await linkChat(kyodo, "yamada", "console", "matrix-yamada");
}, 60_000);
afterAll(async () => {
  await kyodo?.dispose();
});

async function say(userId: string, text: string): Promise<string> {
  const replies: OutboundMessage[] = await kyodo.engine.handle({
    kind: "text",
    eventId: randomUUID(),
    ref: { platform: "console", workspace: "local", conversationId: `dm:${userId}`, isDirect: true },
    user: { externalId: userId },
    receivedAt: new Date(),
    text,
  });
  return JSON.stringify(replies);
}

describe("authorization matrix", () => {
  it("has a row for every action of the policy", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort());
    for (const [action, row] of Object.entries(MATRIX)) expect(row.chat || row.cli || row.none, action).toBeTruthy();
  });

  for (const action of ACTIONS) {
    const row = MATRIX[action];
    const access = POLICY[action];
    if (row.chat) {
      it(`chat: ${action} (${access})`, async () => {
        const member = await say("matrix-sato", row.chat!);
        const secretariat = await say("matrix-yamada", row.chat!);
        const stranger = await say(`matrix-stranger-${randomUUID()}`, row.chat!);
        expect(secretariat).not.toContain(FORBIDDEN);
        if (access === "secretariat") expect(member).toContain(FORBIDDEN);
        else expect(member).not.toContain(FORBIDDEN);
        if (access === "anyone") expect(stranger).not.toContain(NOT_LINKED);
        else expect(stranger).toContain(NOT_LINKED);
      });
    }
    if (row.cli) {
      it(`CLI --as: ${action} (${access})`, async () => {
        const before = await kyodo.db.auditEntry.count({ where: { actor: `person:${memberId}` } });
        const member = await runCli(row.cli!("sato"), env);
        if (access === "secretariat") {
          expect(member.code).toBe(1);
          expect(member.stderr).toContain(CLI_REFUSED);
          expect(await kyodo.db.auditEntry.count({ where: { actor: `person:${memberId}` } })).toBe(before);
        }
        const secretariat = await runCli(row.cli!("yamada"), env);
        expect(secretariat.stderr).not.toContain(CLI_REFUSED);
      }, 30_000);
    }
  }
});

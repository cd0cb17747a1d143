// Enrolment-code guessing: 400 wrong codes from one account once drew no throttle, and `link <code>`
// skipped the conversation's three-try limit. Wrong codes are now counted per account and per code,
// whichever way they arrive; past the limit even the right code is refused for a while, and the
// secretariat is told.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_LIMITS, redeemThrottled } from "../../src/domain/identities/link-throttle.ts";
import { translator } from "../../src/engine/i18n.ts";
import { linkChat } from "../motions/support.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  await linkChat(kyodo, "yamada", "console", "secretariat-yamada");
});
afterAll(async () => {
  await kyodo?.dispose();
});

const LOCKED = translator("ja")("security.linkLocked", { minutes: 0 }).slice(0, 12);

async function say(userId: string, text: string): Promise<string> {
  const replies = await kyodo.engine.handle({
    kind: "text",
    eventId: randomUUID(),
    ref: { platform: "console", workspace: "local", conversationId: `dm:${userId}`, isDirect: true },
    user: { externalId: userId },
    receivedAt: new Date(),
    text,
  });
  return JSON.stringify(replies);
}

describe("enrolment-code throttling", () => {
  it("locks an account out after a few wrong `link <code>` messages, refuses even the right code, and tells the secretariat", async () => {
    const guesses: string[] = [];
    for (let i = 0; i < 40; i++) guesses.push(await say("guesser", `link ZZZZ-${String(1000 + i)}`));
    expect(guesses.slice(0, LINK_LIMITS.shortFailures).every((r) => !r.includes(LOCKED))).toBe(true);
    expect(guesses.slice(LINK_LIMITS.shortFailures).every((r) => r.includes(LOCKED))).toBe(true);
    // Only the tries before the lockout were looked at and stored: a flood costs nothing more.
    expect(await kyodo.db.linkAttempt.count({ where: { key: "account:console:local:guesser" } })).toBe(LINK_LIMITS.shortFailures);

    const code = await kyodo.codeFor("tanaka");
    expect(await say("guesser", `link ${code}`)).toContain(LOCKED);
    expect(await kyodo.db.chatIdentity.count({ where: { externalUserId: "guesser" } })).toBe(0);

    const notices = await kyodo.db.delivery.findMany({ where: { source: { startsWith: "link-locked:account:console:local:guesser" } } });
    const yamada = await kyodo.db.person.findFirstOrThrow({ where: { handle: "yamada" } });
    expect(notices.map((n) => n.personId)).toContain(yamada.id);
    expect(await kyodo.db.auditEntry.count({ where: { action: "identities.linkLocked" } })).toBe(1);
  });

  it("counts the tries of the link conversation too", async () => {
    await say("flow-guesser", "link");
    const answers: string[] = [];
    for (let i = 0; i < 3 * LINK_LIMITS.shortFailures; i++) {
      const answer = await say("flow-guesser", `YYYY-${String(1000 + i)}`);
      answers.push(answer);
      if (answer.includes(translator("ja")("link.tooManyAttempts").slice(0, 10))) await say("flow-guesser", "link");
    }
    expect(answers.some((a) => a.includes(LOCKED))).toBe(true);
    expect(await kyodo.db.linkAttempt.count({ where: { key: "account:console:local:flow-guesser" } })).toBe(LINK_LIMITS.shortFailures);
  });

  it("lets the account try again after the window, and then links with the right code", async () => {
    const account = { platform: "console", workspace: "local", externalUserId: "patient" };
    const start = new Date();
    for (let i = 0; i < LINK_LIMITS.shortFailures; i++)
      await expect(redeemThrottled(kyodo.db, account, `XXXX-${1000 + i}`, start)).rejects.toMatchObject({ key: "link.invalidCode" });
    const code = await kyodo.codeFor("watanabe");
    await expect(redeemThrottled(kyodo.db, account, code, new Date(start.getTime() + 60_000))).rejects.toMatchObject({
      key: "security.linkLocked",
    });
    const person = await redeemThrottled(kyodo.db, account, code, new Date(start.getTime() + LINK_LIMITS.shortWindowMs + 1000));
    expect(person.handle).toBe("watanabe");
  });
});

// Terminal escape sequences in untrusted text (a member's note, an email subject, what someone typed in
// chat) must not reach the secretariat's terminal or a chat raw: they are shown as visible escapes.
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { linkIdentityDirectly } from "../../src/domain/identities/link-identity.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { escapeForDisplay } from "../../src/lib/untrusted-text.ts";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo, tempDatabaseUrl } from "../support/test-kyodo.ts";

const HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u001b[31m赤字\u009b1m\u202eevil";

describe("control characters in output", () => {
  it("escapes them visibly, keeping tabs, newlines and Japanese", () => {
    const shown = escapeForDisplay(`${HOSTILE}\n\tok`);
    expect([...shown].filter((ch) => "\u001b\u0007\u009b\u202e".includes(ch))).toEqual([]);
    expect(shown).toContain("\\u{1b}]0;pwned");
    expect(shown).toContain("赤字");
    expect(shown).toContain("\n\tok");
  });

  const { dir, databaseUrl } = tempDatabaseUrl();
  const env = { DATABASE_URL: databaseUrl, KYODO_COUNCIL: "chiba" };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("CLI: a member's note in `candidates history` reaches the terminal escaped", async () => {
    expect((await runCli(["demo"], env)).code).toBe(0);
    expect((await runCli(["candidates", "propose", "電子契約"], env)).code).toBe(0);
    const recorded = await runCli(["candidates", "interest", "電子契約", "千葉市", "関心あり", "--note", HOSTILE], env);
    expect(recorded.stderr).toBe("");
    const history = await runCli(["candidates", "history", "電子契約"], env);
    expect(history.stdout).toContain("pwned");
    expect([...history.stdout].filter((ch) => "\u001b\u0007\u009b\u202e".includes(ch))).toEqual([]);
  });

  it("chat: what someone typed is never echoed back raw", async () => {
    const kyodo = await startTestKyodo({}, { http: false });
    try {
      // A linked person, so the unknown command is answered by name (a stranger gets the linking instructions).
      await linkIdentityDirectly(
        kyodo.db,
        { platform: "console", workspace: "local", externalUserId: "tanaka-cc" },
        (await findPerson(kyodo.db, kyodo.council.id, "tanaka")).id,
        "test",
      );
      const replies = await kyodo.engine.handle({
        kind: "text",
        eventId: randomUUID(),
        ref: { platform: "console", workspace: "local", conversationId: "dm:tanaka-cc", isDirect: true },
        user: { externalId: "tanaka-cc" },
        receivedAt: new Date(),
        text: `/kyodo ${HOSTILE}`,
      });
      expect(JSON.stringify(replies)).toContain("pwned");
      expect(JSON.stringify(replies)).not.toMatch(/\\u001b|\\u0007|\u009b|\u202e/);
    } finally {
      await kyodo.dispose();
    }
  });
});

describe("control characters in definitions given on the command line", () => {
  const { dir, databaseUrl } = tempDatabaseUrl();
  const env = { DATABASE_URL: databaseUrl, KYODO_COUNCIL: "chiba" };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a ballot file with ESC on --dry-run, and a motion title with NUL", async () => {
    expect((await runCli(["demo"], env)).code).toBe(0);
    const file = `${dir}/esc.yaml`;
    writeFileSync(file, readFileSync("scripts/examples/ballot-sokai-2017.yaml", "utf8").replace(/^title: (.*)$/m, "title: $1\u001b[2J"));
    const dry = await runCli(["ballot", "create", file, "--deadline", "2099-12-01 17:00", "--dry-run"], env);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain("U+001B");
    expect(
      (await runCli(["ballot", "create", "scripts/examples/ballot-sokai-2017.yaml", "--deadline", "2099-12-01 17:00"], env)).code,
    ).toBe(0);
    const edit = await runCli(["motion", "edit", "1", "議案1", "--title", "議案\u0000"], env);
    expect(edit.code).toBe(1);
    expect(edit.stderr).toContain("U+0000");
  });
});

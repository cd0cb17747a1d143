// The secretariat's command line for email: who receives email and from which addresses votes count, and
// the review of replies Kyodo could not read — run as `npm run kyodo -- …` is, against Kyodo's database,
// while Kyodo itself runs and sends what the CLI queues.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueReplyToken } from "../../src/domain/email/reply-token.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { runCli } from "../support/run-command.ts";
import { createExampleBallot } from "../motions/support.ts";
import { composeReply, deliver, startEmailKyodo, type EmailKyodo } from "./support/mail-harness.ts";

let mail: EmailKyodo;
let env: Record<string, string>;
let ballotId: string;
const TAKAHASHI = "takahashi@city.choshi.example.jp";

beforeAll(async () => {
  // The CLI acts at the real time, so this ballot runs now.
  mail = await startEmailKyodo({});
  env = { DATABASE_URL: mail.kyodo.databaseUrl };
  ballotId = (await createExampleBallot(mail.kyodo, new Date(), { deadline: new Date(Date.now() + 20 * 86_400_000) })).id;
});
afterAll(async () => mail?.dispose());

describe("kyodo people email-… and mail …", () => {
  it("chooses email for a person, at another address, and registers an alternate address to vote from", async () => {
    const optin = await runCli(["people", "email-optin", "takahashi", "--address", "Takahashi.M@City.Choshi.Example.JP"], env);
    expect(optin.stderr).toBe("");
    expect(optin.stdout).toContain("高橋 美咲 さんに takahashi.m@city.choshi.example.jp でメールを送ります");
    expect(optin.stdout).toContain("受付中の表決 1 のメールを送信待ちにしました");
    const alias = await runCli(["mail", "alias", "takahashi", "add", "jouhou@city.choshi.example.jp"], env);
    expect(alias.stdout).toContain("高橋 美咲 さんの表決を jouhou@city.choshi.example.jp からも受け付けます");
    const list = await runCli(["mail", "alias", "takahashi"], env);
    expect(list.stdout).toContain(`登録アドレス: ${TAKAHASHI}`);
    expect(list.stdout).toContain("送り先: takahashi.m@city.choshi.example.jp");
    expect(list.stdout).toContain("別アドレス: jouhou@city.choshi.example.jp");
    const bad = await runCli(["people", "email-optin", "takahashi", "--address", "not an address"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("メールアドレスとして読み取れません");
  });

  it("lists unclear replies, shows one, and records what the voter meant", async () => {
    const { kyodo } = mail;
    const takahashi = await findPerson(kyodo.db, kyodo.council.id, "takahashi");
    const seat = await kyodo.db.ballotSeat.findFirstOrThrow({
      where: { ballotId, bodyId: (await kyodo.db.body.findFirstOrThrow({ where: { name: "銚子市" } })).id },
    });
    const { token } = await issueReplyToken(kyodo.db, { ballotId, seatId: seat.seatId, personId: takahashi.id });
    const to = `vote+${token}@kyodo.example.jp`;
    const raw = await composeReply({
      from: `高橋 美咲 <${TAKAHASHI}>`,
      to,
      subject: "Re: 【表決のお願い】表決1",
      text: "議案1と、議案2以外は賛成。\n",
      messageId: "<cli-1@city.choshi.example.jp>",
    });
    expect((await deliver(mail.inboundPort, { from: TAKAHASHI, to, raw })).accepted).toBe(true);

    const inbox = await runCli(["mail", "inbox", "--unclear"], env);
    expect(inbox.stderr).toBe("");
    expect(inbox.stdout).toMatch(/takahashi@city\.choshi\.example\.jp \(takahashi\)\s+表決1\s+読み取れず\s+確認待ち/);
    const id = inbox.stdout
      .split("\n")
      .find((l) => l.includes("(takahashi)"))!
      .split(/\s+/)[0]!;

    const show = await runCli(["mail", "show", id], env);
    expect(show.stdout).toContain("表決者: 高橋 美咲 (takahashi)・銚子市");
    expect(show.stdout).toContain("読み取った本文（引用・署名を除く）:\n議案1と、議案2以外は賛成。");
    expect(show.stdout).toContain('"reason": "exception"');

    const neither = await runCli(["mail", "resolve", id], env);
    expect(neither.stderr).toContain("--vote か --dismiss のどちらか一方");
    const resolved = await runCli(
      ["mail", "resolve", id, "--vote", "議案1 賛成、議案2 反対、議案3 賛成、議案4 賛成", "--note", "電話で確認", "--as", "yamada"],
      env,
    );
    expect(resolved.stderr).toBe("");
    expect(resolved.stdout).toMatch(/表決を記録しました（4件、受付番号 [A-Z2-9]{4}-[A-Z2-9]{4}）/);
    const votes = await kyodo.db.motionVote.findMany({
      where: { ballotId, personId: takahashi.id, current: true },
      include: { motion: true },
      orderBy: { motion: { number: "asc" } },
    });
    expect(votes.map((v) => `${v.motion.number}:${v.choice}:${v.channel}`)).toEqual([
      "1:for:email",
      "2:against:email",
      "3:for:email",
      "4:for:email",
    ]);
    expect((await runCli(["mail", "inbox", "--unclear"], env)).stdout).not.toContain("(takahashi)");
    expect((await runCli(["mail", "inbox"], env)).stdout).toMatch(/\(takahashi\)\s+表決1\s+読み取れず\s+記録済み/);

    // Kyodo, running beside the CLI, sends the voter the receipt (to the address they receive email at).
    await kyodo.scheduler.tick(new Date());
    const receipt = mail.relay
      .to("takahashi.m@city.choshi.example.jp")
      .find((m) => m.parsed.inReplyTo === "<cli-1@city.choshi.example.jp>")!;
    expect(receipt.parsed.text).toContain("いただいたメールを事務局が確認し、次のとおり表決を記録しました。");
  });
});

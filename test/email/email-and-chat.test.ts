// Email beside chat, on the 幹事会 where 千葉市's seat is held by sato (who chose email) and suzuki (his
// alternate, who votes in the console): a vote by email and a vote by chat from the same seat resolve by
// the ballot's change rule, each holder hears of the other's vote; a member chooses email from chat; and
// reminders and result notices reach email in the voter's thread.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroadcast } from "../../src/domain/broadcasts/create-broadcast.ts";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { findOrgan } from "../../src/domain/organs/find-organ.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { createExampleBallot, jst } from "../motions/support.ts";
import { composeReply, deliver, replyToOf, startEmailKyodo, type CapturedMail, type EmailKyodo } from "./support/mail-harness.ts";

const SATO = "sato@city.chiba.example.jp";
const TANAKA = "tanaka@city.abiko.example.jp";
let mail: EmailKyodo;
let now = jst("2026-11-24T10:00:00");
const sessions: ConsoleSession[] = [];
let changeable: string;
let final: string;
/** sato's calls to vote, by ballot number */
const calls = new Map<number, CapturedMail>();
/** tanaka's call to vote on ballot 1, once they chose email */
let tanakaCall: CapturedMail;

async function chatAs(handle: string): Promise<ConsoleSession> {
  const session = new ConsoleSession(mail.kyodo.engine, `u-${handle}`);
  sessions.push(session);
  await session.say(`link ${await mail.kyodo.codeFor(handle)}`);
  return session;
}

async function emailVote(to: string, text: string, messageId: string) {
  const raw = await composeReply({ from: `佐藤 一郎 <${SATO}>`, to, subject: "Re: 【表決のお願い】", text, messageId });
  return deliver(mail.inboundPort, { from: SATO, to, raw });
}

async function current(ballotId: string, motion: number) {
  const vote = await mail.kyodo.db.motionVote.findFirstOrThrow({ where: { ballotId, current: true, motion: { number: motion } } });
  const person = await mail.kyodo.db.person.findUniqueOrThrow({ where: { id: vote.personId } });
  return `${vote.choice}:${vote.channel}:${person.handle}`;
}

beforeAll(async () => {
  mail = await startEmailKyodo({}, { clock: () => now });
  const { kyodo } = mail;
  const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
  await optInToEmail(kyodo.db, { personId: sato.id, actor: "test" }, now);
  changeable = (await createExampleBallot(kyodo, now, { organ: "kanjikai" })).id;
  final = (await createExampleBallot(kyodo, now, { organ: "kanjikai", rules: { allowChange: false } })).id;
  await kyodo.scheduler.tick(now);
  for (const number of [1, 2])
    calls.set(
      number,
      mail.relay.to(SATO).find((m) => m.parsed.subject === `【表決のお願い】表決${number} 平成29年度第2回総会（書面表決）`)!,
    );
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  await mail?.dispose();
});

describe("one seat, two holders, two channels", () => {
  it("where changes are allowed, the later vote counts, whichever channel it came from, and each holder is told", async () => {
    const { kyodo, relay } = mail;
    const ballotMail = calls.get(1)!;
    expect(ballotMail.parsed.text).toContain("席: 千葉市（委員）");
    expect((await emailVote(replyToOf(ballotMail), "全議案賛成", "<seat-1@city.chiba.example.jp>")).accepted).toBe(true);
    expect(await current(changeable, 1)).toBe("for:email:sato");

    const suzuki = await chatAs("suzuki");
    const receipt = await suzuki.say("表決 1 議案1 反対");
    expect(receipt).toContain("【表決を受け付けました】");
    expect(await current(changeable, 1)).toBe("against:console:suzuki");

    relay.clear();
    await kyodo.scheduler.tick(now);
    const notice = relay.last(SATO);
    expect(notice.parsed.subject).toBe("【表決受付】表決1 平成29年度第2回総会（書面表決）");
    expect(notice.parsed.text).toContain("千葉市 の席の表決を 鈴木 次郎 さん（代理）がコンソールで行いました");
    expect(notice.parsed.text).toContain("もう一度返信すると表決を変更できます");
    expect(notice.parsed.text).toMatch(/議案1 .*\n\s+表決: 反対\s+備考: 賛成 から変更/);
    // In the voter's thread on this ballot.
    expect(notice.parsed.inReplyTo).toBe(ballotMail.parsed.messageId);

    // sato answers by email again: the later vote wins once more.
    expect((await emailVote(replyToOf(ballotMail), "議案1：賛成", "<seat-2@city.chiba.example.jp>")).accepted).toBe(true);
    expect(await current(changeable, 1)).toBe("for:email:sato");
  });

  it("where votes are final, the first vote stands and the email says why the second did not count", async () => {
    const { kyodo, relay } = mail;
    const suzuki = sessions[0]!;
    expect(await suzuki.say("表決 2 全議案反対")).toContain("【表決を受け付けました】");
    const result = await emailVote(replyToOf(calls.get(2)!), "全議案賛成", "<seat-3@city.chiba.example.jp>");
    expect(result.accepted).toBe(true);
    expect(await current(final, 1)).toBe("against:console:suzuki");
    const row = await kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId: "<seat-3@city.chiba.example.jp>" } });
    expect(row.outcome).toBe("refused");
    await kyodo.scheduler.tick(now);
    const answer = relay.to(SATO).find((m) => m.parsed.inReplyTo === "<seat-3@city.chiba.example.jp>")!;
    expect(answer.parsed.text).toContain(
      "議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について は表決済みです。この表決では変更できません。",
    );
  });
});

describe("choosing email from chat", () => {
  it("/kyodo email on sends the open ballots at once; off stops", async () => {
    const { relay, kyodo } = mail;
    const tanaka = await chatAs("tanaka");
    expect(await tanaka.say("email")).toContain("メールは送信していません");
    const on = await tanaka.say("email on");
    expect(on).toContain(`${TANAKA} にもメールでお送りします`);
    expect(on).toContain("受付中の表決 1, 2 のメールも送ります");
    expect(await tanaka.say("email someone@else.example.jp")).toContain("事務局に依頼してください");
    await kyodo.scheduler.tick(now);
    expect(relay.to(TANAKA).map((m) => m.parsed.subject)).toEqual(
      expect.arrayContaining([
        "【表決のお願い】表決1 平成29年度第2回総会（書面表決）",
        "【表決のお願い】表決2 平成29年度第2回総会（書面表決）",
      ]),
    );
    tanakaCall = relay.to(TANAKA).find((m) => m.parsed.subject === "【表決のお願い】表決1 平成29年度第2回総会（書面表決）")!;
    expect(await tanaka.say("メール")).toContain(`メールの送り先: ${TANAKA}`);
    expect(await tanaka.say("email off")).toContain("メールの送信を停止しました");
    expect(await kyodo.db.chatIdentity.count({ where: { platform: "email", externalUserId: TANAKA } })).toBe(0);
    // Choosing email again sends nothing twice.
    const again = await tanaka.say("email on");
    expect(again).not.toContain("受付中の表決");
    relay.clear();
    await kyodo.scheduler.tick(now);
    expect(relay.to(TANAKA)).toEqual([]);
  });
});

describe("notices by email", () => {
  it("a broadcast to the 幹事会 reaches those who chose email, with its first words in the subject", async () => {
    const { kyodo, relay } = mail;
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    const organ = await findOrgan(kyodo.db, kyodo.council.id, "kanjikai");
    await createBroadcast(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        createdById: yamada.id,
        audience: { kind: "organ", organId: organ.id },
        channels: ["dm"],
        text: "12月4日の幹事会は書面開催とします。\n資料は後日お送りします。",
      },
      now,
    );
    relay.clear();
    await kyodo.scheduler.tick(now);
    const notice = relay.last(SATO);
    expect(notice.parsed.subject).toBe("【お知らせ】12月4日の幹事会は書面開催とします。");
    expect(notice.parsed.text).toContain("資料は後日お送りします。");
    expect(notice.parsed.text).toContain("山田 花子");
    expect(notice.parsed.replyTo).toBeUndefined();
  });
});

describe("reminders and results by email", () => {
  it("a reminder goes to a voter who has not voted, in their thread, with a fresh reply address that works", async () => {
    const { kyodo, relay } = mail;
    const first = tanakaCall;
    relay.clear();
    now = jst("2026-12-16T09:00:00");
    await kyodo.scheduler.tick(now);
    const reminder = relay
      .to(TANAKA)
      .find((m) => m.parsed.subject === "【表決のお願い・期限が近づいています】表決1 平成29年度第2回総会（書面表決）")!;
    expect(reminder).toBeDefined();
    expect(reminder.parsed.inReplyTo).toBe(first.parsed.messageId);
    expect(reminder.parsed.references).toContain(first.parsed.messageId);
    expect(replyToOf(reminder)).not.toBe(replyToOf(first));
    // sato's seat has voted on everything: no reminder for ballot 1.
    expect(relay.to(SATO).filter((m) => m.parsed.subject?.includes("期限が近づいています】表決1"))).toEqual([]);

    const raw = await composeReply({
      from: TANAKA,
      to: replyToOf(reminder),
      subject: `Re: ${reminder.parsed.subject}`,
      text: "議案1 賛成\n議案2 賛成\n議案3 賛成\n議案4 賛成",
      messageId: "<remind-1@city.abiko.example.jp>",
    });
    expect((await deliver(mail.inboundPort, { from: TANAKA, to: replyToOf(reminder), raw })).accepted).toBe(true);
    expect(await kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId: "<remind-1@city.abiko.example.jp>" } })).toMatchObject({
      outcome: "counted",
    });
  });

  it("the result notice reaches email voters at the close, in their thread", async () => {
    const { kyodo, relay } = mail;
    const first = (
      await kyodo.db.ballotMailToken.findFirstOrThrow({
        where: { ballotId: changeable, personId: (await findPerson(kyodo.db, kyodo.council.id, "sato")).id },
        orderBy: { createdAt: "asc" },
      })
    ).threadKey;
    relay.clear();
    now = jst("2026-12-25T17:01:00");
    await kyodo.scheduler.tick(now);
    const result = relay.to(SATO).find((m) => m.parsed.subject === "【表決結果】表決1 平成29年度第2回総会（書面表決）")!;
    expect(result).toBeDefined();
    expect(result.parsed.inReplyTo).toBe(`<${first}@kyodo.example.jp>`);
    expect(result.parsed.text).toContain("次のとおり決しました");
    expect(result.parsed.replyTo).toBeUndefined();
  });
});

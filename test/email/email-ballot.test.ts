// Voting by replying to an email, end to end over real SMTP on loopback: Kyodo sends each voter of the
// 総会 書面表決 a ballot email through the council's relay (a fake one that keeps what it gets), and the
// replies come back into Kyodo's receiver shaped as Outlook, Gmail, Thunderbird, iPhone and Outlook on the
// web write them — ISO-2022-JP and UTF-8, HTML only, an attachment, quoted history and signatures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { resolveInbound } from "../../src/domain/email/resolve-inbound.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot, jst } from "../motions/support.ts";
import { composeReply, deliver, fixture, replyToOf, startEmailKyodo, type CapturedMail, type EmailKyodo } from "./support/mail-harness.ts";

let mail: EmailKyodo;
const now = jst("2026-11-24T10:00:00");
let ballotId: string;
const ADDRESS = {
  yamada: "yamada@pref.chiba.example.jp",
  sato: "sato@city.chiba.example.jp",
  takahashi: "takahashi@city.choshi.example.jp",
  tanaka: "tanaka@city.abiko.example.jp",
  watanabe: "watanabe@city.kamagaya.example.jp",
  smith: "smith@city.ichikawa.example.jp",
} as const;
type Handle = keyof typeof ADDRESS;
const ballotMail = new Map<Handle, CapturedMail>();

beforeAll(async () => {
  mail = await startEmailKyodo({}, { clock: () => now });
  const { kyodo } = mail;
  for (const handle of Object.keys(ADDRESS) as Handle[]) {
    const person = await findPerson(kyodo.db, kyodo.council.id, handle);
    await optInToEmail(kyodo.db, { personId: person.id, actor: "test" }, now);
  }
  ballotId = (await createExampleBallot(kyodo, now)).id;
  await kyodo.scheduler.tick(now);
  for (const handle of Object.keys(ADDRESS) as Handle[]) ballotMail.set(handle, mail.relay.last(ADDRESS[handle]));
});
afterAll(async () => mail?.dispose());

/** Sends a fixture as `handle`'s reply to their ballot email; returns the SMTP result. */
async function replyWith(handle: Handle, name: string, messageId: string) {
  const original = ballotMail.get(handle)!;
  const raw = fixture(name, {
    TO: replyToOf(original),
    MESSAGE_ID: messageId,
    IN_REPLY_TO: original.parsed.messageId!,
    FROM: ADDRESS[handle],
  });
  return deliver(mail.inboundPort, { from: ADDRESS[handle], to: replyToOf(original), raw });
}

async function votesOf(handle: Handle) {
  const { kyodo } = mail;
  const person = await findPerson(kyodo.db, kyodo.council.id, handle);
  const votes = await kyodo.db.motionVote.findMany({
    where: { ballotId, personId: person.id, current: true },
    include: { motion: true },
    orderBy: { motion: { number: "asc" } },
  });
  return votes.map((v) => `${v.motion.number}:${v.choice}:${v.channel}`).join(" ");
}

async function inbound(messageId: string) {
  return mail.kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId } });
}

/** Runs the outbox and returns the newest mail to the address. */
async function answerTo(handle: Handle): Promise<CapturedMail> {
  await mail.kyodo.scheduler.tick(now);
  return mail.relay.last(ADDRESS[handle]);
}

describe("ballot emails", () => {
  it("go to each voter who chose email, in their language, with a reply address of their own", () => {
    const sato = ballotMail.get("sato")!;
    expect(sato.parsed.subject).toBe("【表決のお願い】表決1 平成29年度第2回総会（書面表決）");
    expect(sato.parsed.from?.text).toContain("kyodo@kyodo.example.jp");
    expect(replyToOf(sato)).toMatch(/^vote\+[a-z2-7]{26}@kyodo\.example\.jp$/);
    expect(sato.parsed.messageId).toMatch(/^<kyodo\.[0-9a-f]+@kyodo\.example\.jp>$/);
    expect(sato.parsed.headers.get("auto-submitted")).toBe("auto-generated");
    const text = sato.parsed.text!;
    expect(text).toContain("席: 千葉市（委員）");
    expect(text).toContain("■ 議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について");
    expect(text).toContain(
      "📎 別紙1 平成30年度ちば電子調達システム利用負担金額（案） https://example.jp/chiba-egov/h29-sokai-2/bessi1.pdf",
    );
    expect(text).toMatch(/議案1：賛成\n\s+議案2：賛成\n\s+議案3：賛成\n\s+議案4：賛成/);
    expect(text).toContain("「全議案賛成」");
    expect(text).toContain("選択肢: 賛成／反対／棄権");
    expect(text).toContain("期限（2026年12月25日(金) 17:00）までは、もう一度返信すると表決を変更できます。");
    expect(sato.parsed.html).toContain('<a href="https://example.jp/chiba-egov/h29-sokai-2/bessi1.pdf">');
    expect(sato.parsed.html).toContain("<table");

    // Every voter has an address of their own; the English speaker reads English.
    const addresses = [...ballotMail.values()].map(replyToOf);
    expect(new Set(addresses).size).toBe(addresses.length);
    const smith = ballotMail.get("smith")!;
    expect(smith.parsed.subject).toBe("[Please vote] 表決1 平成29年度第2回総会（書面表決）");
    expect(smith.parsed.text).toMatch(/Motion 1: For\n\s+Motion 2: For/);
    expect(smith.parsed.text).toContain("How to vote by email");
  });
});

describe("replies from real mail clients", () => {
  it("Outlook, ISO-2022-JP, original appended without quote marks, ruled signature: each motion as written", async () => {
    const sent = await replyWith("sato", "outlook-iso2022jp.eml", "<OSZP286MB1234ABCD@OSZP286MB1234.JPNP286.PROD.OUTLOOK.COM>");
    expect(sent).toMatchObject({ accepted: true, response: "250 2.0.0 Received" });
    expect(await votesOf("sato")).toBe("1:for:email 2:for:email 3:against:email 4:abstain:email");
    const row = await inbound("<OSZP286MB1234ABCD@OSZP286MB1234.JPNP286.PROD.OUTLOOK.COM>");
    expect(row).toMatchObject({ outcome: "counted", review: null, answered: true, fromAddress: ADDRESS.sato, dkim: "none" });
    expect(row.text).not.toContain("043-245-5000");
    expect(row.text).not.toContain("差出人");

    const receipt = await answerTo("sato");
    expect(receipt.parsed.subject).toBe("Re: 【表決のお願い】表決1 平成29年度第2回総会（書面表決）");
    expect(receipt.parsed.inReplyTo).toBe("<OSZP286MB1234ABCD@OSZP286MB1234.JPNP286.PROD.OUTLOOK.COM>");
    expect(receipt.parsed.references).toContain(ballotMail.get("sato")!.parsed.messageId);
    expect(receipt.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(receipt.parsed.text).toContain("【表決を受け付けました】");
    expect(receipt.parsed.text).toContain(`受付番号: ${row.receipt}`);
    expect(receipt.parsed.text).toContain("・議案3 平成30年度ちば施設予約システム利用負担金額（案）の決定について\n    表決: 反対");
    // A new reply address, so answering the receipt changes the vote.
    expect(replyToOf(receipt)).not.toBe(replyToOf(ballotMail.get("sato")!));
  });

  it("Gmail, UTF-8 base64, wrapped attribution and quoted lines: 「全議案賛成です。」", async () => {
    expect((await replyWith("takahashi", "gmail-utf8.eml", "<CAGmail-1@mail.gmail.com>")).accepted).toBe(true);
    expect(await votesOf("takahashi")).toBe("1:for:email 2:for:email 3:for:email 4:for:email");
    expect((await inbound("<CAGmail-1@mail.gmail.com>")).text).toBe("全議案賛成です。");
    expect((await answerTo("takahashi")).parsed.text).toContain("【表決を受け付けました】");
  });

  it("Thunderbird, ISO-2022-JP with format=flowed: 「異議ありません。」 answers every motion", async () => {
    expect((await replyWith("watanabe", "thunderbird-iso2022jp.eml", "<tb-1@city.kamagaya.example.jp>")).accepted).toBe(true);
    expect(await votesOf("watanabe")).toBe("1:for:email 2:for:email 3:for:email 4:for:email");
    expect((await inbound("<tb-1@city.kamagaya.example.jp>")).text).toBe("異議ありません。\n\n鎌ケ谷市 渡辺");
  });

  it("iPhone, quoted-printable with a PDF attached and 「iPhoneから送信」", async () => {
    expect((await replyWith("tanaka", "iphone-attachment.eml", "<iphone-1@city.abiko.example.jp>")).accepted).toBe(true);
    expect(await votesOf("tanaka")).toBe("1:for:email 2:for:email 3:for:email 4:against:email");
    const row = await inbound("<iphone-1@city.abiko.example.jp>");
    expect(JSON.parse(row.detail)).toMatchObject({ attachments: 1 });
    expect(row.text).not.toContain("iPhone");
  });

  it("Outlook on the web, HTML only, full-width digits: read from the HTML, the original below the rule ignored", async () => {
    expect((await replyWith("smith", "outlook-web-html-only.eml", "<owa-1@city.ichikawa.example.jp>")).accepted).toBe(true);
    expect(await votesOf("smith")).toBe("1:for:email 2:for:email 3:for:email 4:for:email");
    const receipt = await answerTo("smith");
    expect(receipt.parsed.text).toContain("[Vote received]");
    expect(receipt.parsed.text).toMatch(/Receipt: [A-Z2-9]{4}-[A-Z2-9]{4}/);
  });
});

describe("the same email twice, and a later email", () => {
  it("counts nothing twice when the relay delivers the same message again", async () => {
    const before = await mail.kyodo.db.motionVote.count({ where: { ballotId } });
    mail.relay.clear();
    const again = await replyWith("sato", "outlook-iso2022jp.eml", "<OSZP286MB1234ABCD@OSZP286MB1234.JPNP286.PROD.OUTLOOK.COM>");
    expect(again).toMatchObject({ accepted: true, response: "250 2.0.0 Already received" });
    expect(await mail.kyodo.db.motionVote.count({ where: { ballotId } })).toBe(before);
    expect((await inbound("<OSZP286MB1234ABCD@OSZP286MB1234.JPNP286.PROD.OUTLOOK.COM>")).arrivals).toBe(2);
    await mail.kyodo.scheduler.tick(now);
    expect(mail.relay.to(ADDRESS.sato)).toEqual([]);
  });

  it("a reply to the receipt changes a vote, as the ballot allows, and the change is receipted", async () => {
    const receipt = mail.relay.messages.length > 0 ? mail.relay.last(ADDRESS.sato) : undefined;
    const to = receipt ? replyToOf(receipt) : replyToOf(ballotMail.get("sato")!);
    const raw = await composeReply({
      from: `佐藤 一郎 <${ADDRESS.sato}>`,
      to,
      subject: "Re: 【表決のお願い】表決1",
      text: "議案3を賛成に変更します。\n\n> 議案3 反対",
      messageId: "<change-1@city.chiba.example.jp>",
    });
    expect((await deliver(mail.inboundPort, { from: ADDRESS.sato, to, raw })).accepted).toBe(true);
    expect(await votesOf("sato")).toBe("1:for:email 2:for:email 3:for:email 4:abstain:email");
    const history = await mail.kyodo.db.motionVote.findMany({
      where: {
        ballotId,
        motion: { number: 3 },
        channel: "email",
        personId: (await findPerson(mail.kyodo.db, mail.kyodo.council.id, "sato")).id,
      },
      orderBy: { castAt: "asc" },
    });
    expect(history.map((v) => `${v.choice}:${v.current}`)).toEqual(["against:false", "for:true"]);
    expect((await answerTo("sato")).parsed.text).toContain(
      "・議案3 平成30年度ちば施設予約システム利用負担金額（案）の決定について\n    表決: 賛成  備考: 反対 から変更",
    );
  });
});

describe("unclear replies", () => {
  it("records only what is clear, answers with what was understood and what to resend, and waits for review", async () => {
    const sent = await replyWith("yamada", "partial-utf8.eml", "<partial-1@pref.chiba.example.jp>");
    expect(sent.accepted).toBe(true);
    expect(await votesOf("yamada")).toBe("1:for:email 2:for:email");
    const row = await inbound("<partial-1@pref.chiba.example.jp>");
    expect(row).toMatchObject({ outcome: "partial", review: "open" });

    const answer = await answerTo("yamada");
    const text = answer.parsed.text!;
    expect(text).toContain("【表決の一部を受け付けました】");
    expect(text).toContain("いただいたメールから、次のとおり読み取りました。");
    expect(text).toContain("・議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について：賛成（「議案1と議案2は賛成です」）");
    expect(text).toContain("次の点は読み取れなかったため、記録していません。");
    expect(text).toContain("議案3 平成30年度ちば施設予約システム利用負担金額（案）の決定について：賛否が書かれていません。");
    expect(text).toMatch(/「議案4は今年度から適用ですか[？?]」はご質問のようです/);
    // What to resend: only the motions still open, in the form Kyodo reads.
    expect(text).toMatch(/例:\n\s+議案3：賛成\n\s+議案4：賛成\n/);
    expect(replyToOf(answer)).toMatch(/^vote\+/);
    expect(answer.parsed.inReplyTo).toBe("<partial-1@pref.chiba.example.jp>");
  });

  it("the secretariat records what the voter meant; the voter gets a receipt in the same thread", async () => {
    const row = await inbound("<partial-1@pref.chiba.example.jp>");
    const yamada = await findPerson(mail.kyodo.db, mail.kyodo.council.id, "yamada");
    const result = await resolveInbound(
      mail.kyodo.db,
      { id: row.id.slice(0, 10), vote: "議案3 賛成、議案4 反対", note: "電話で確認", actor: `person:${yamada.id}` },
      now,
    );
    expect(result).toMatchObject({ recorded: 2 });
    expect(await votesOf("yamada")).toBe("1:for:email 2:for:email 3:for:email 4:against:email");
    expect(await inbound("<partial-1@pref.chiba.example.jp>")).toMatchObject({ review: "resolved", resolution: "電話で確認" });
    const answer = await answerTo("yamada");
    expect(answer.parsed.text).toContain("いただいたメールを事務局が確認し、次のとおり表決を記録しました。");
    expect(answer.parsed.inReplyTo).toBe("<partial-1@pref.chiba.example.jp>");
    const audit = await mail.kyodo.db.auditEntry.findFirst({ where: { action: "email.review.record" } });
    expect(audit?.actor).toBe(`person:${yamada.id}`);
  });

  it("a reply that says nothing readable records nothing and asks back", async () => {
    const to = replyToOf(ballotMail.get("takahashi")!);
    const raw = await composeReply({
      from: ADDRESS.takahashi,
      to,
      subject: "Re: 表決1",
      text: "確認しました。よろしくお願いします。",
      messageId: "<nothing-1@city.choshi.example.jp>",
    });
    await deliver(mail.inboundPort, { from: ADDRESS.takahashi, to, raw });
    expect(await inbound("<nothing-1@city.choshi.example.jp>")).toMatchObject({ outcome: "unclear", review: "open", receipt: null });
    const answer = await answerTo("takahashi");
    expect(answer.parsed.text).toContain("【表決を読み取れませんでした】");
    expect(answer.parsed.text).toContain("「確認しました。よろしくお願いします。」からは賛否を読み取れませんでした。");
  });

  it("a double negative is asked back and changes nothing, though the ballot allows changes (issue #17)", async () => {
    const before = await votesOf("takahashi");
    const to = replyToOf(ballotMail.get("takahashi")!);
    const raw = await composeReply({
      from: ADDRESS.takahashi,
      to,
      subject: "Re: 表決1",
      text: "賛成しないわけではない",
      messageId: "<hedge-1@city.choshi.example.jp>",
    });
    await deliver(mail.inboundPort, { from: ADDRESS.takahashi, to, raw });
    expect(await inbound("<hedge-1@city.choshi.example.jp>")).toMatchObject({ outcome: "unclear", receipt: null });
    expect(await votesOf("takahashi")).toBe(before);
    const text = (await answerTo("takahashi")).parsed.text!;
    expect(text).toContain("「賛成しないわけではない」には条件・留保・否定などが含まれているようで");
  });
});

// What does not count, over real SMTP on loopback: mail for addresses that are not Kyodo's, unknown tokens,
// the wrong sender, oversize mail, automatic replies, a closed ballot, and the council's DKIM policy (a
// second Kyodo requiring DKIM, receiving over LMTP). DNS answers come from a table; nothing leaves the host.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addEmailAlias } from "../../src/domain/email/email-aliases.ts";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { closeBallot } from "../../src/domain/motions/close-ballot.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot, jst } from "../motions/support.ts";
import { composeReply, deliver, fakeDns, replyToOf, startEmailKyodo, type EmailKyodo } from "./support/mail-harness.ts";

const SATO = "sato@city.chiba.example.jp";
const now = jst("2026-11-24T10:00:00");
const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "der" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
const publicKey = (keys.publicKey as Buffer).toString("base64");
const dnsRecords = {
  "TXT:s1._domainkey.city.chiba.example.jp": [[`v=DKIM1; k=rsa; p=${publicKey.slice(0, 200)}`, publicKey.slice(200)]],
  "TXT:_dmarc.city.chiba.example.jp": [["v=DMARC1; p=none"]],
};
const dkim = { domainName: "city.chiba.example.jp", keySelector: "s1", privateKey: keys.privateKey };
const PLAIN_VOTE = "Motion 1: for\nMotion 2: for\nMotion 3: for\nMotion 4: for\n";

interface Setup {
  mail: EmailKyodo;
  ballotId: string;
  /** sato's reply address */
  to: string;
  lmtp: boolean;
}

async function setUp(env: Record<string, string>): Promise<Setup> {
  const mail = await startEmailKyodo(env, { clock: () => now, dns: fakeDns(dnsRecords) });
  const sato = await findPerson(mail.kyodo.db, mail.kyodo.council.id, "sato");
  await optInToEmail(mail.kyodo.db, { personId: sato.id, actor: "test" }, now);
  const ballot = await createExampleBallot(mail.kyodo, now);
  await mail.kyodo.scheduler.tick(now);
  return { mail, ballotId: ballot.id, to: replyToOf(mail.relay.last(SATO)), lmtp: env.INBOUND_SMTP_PROTOCOL === "lmtp" };
}

async function reply(
  setup: Setup,
  input: {
    from?: string;
    to?: string;
    text?: string;
    messageId: string;
    headers?: Record<string, string>;
    subject?: string;
    attachments?: Array<{ filename: string; content: Buffer }>;
    sign?: boolean;
    tamper?: boolean;
  },
) {
  const to = input.to ?? setup.to;
  const from = input.from ?? SATO;
  let raw = await composeReply({
    from,
    to,
    subject: input.subject ?? "Re: 【表決のお願い】表決1",
    text: input.text ?? PLAIN_VOTE,
    messageId: input.messageId,
    headers: input.headers,
    attachments: input.attachments,
    ...(input.sign ? { dkim } : {}),
  });
  if (input.tamper) raw = Buffer.from(raw.toString("latin1").replace("Motion 4: for", "Motion 4: against"), "latin1");
  return deliver(setup.mail.inboundPort, { from, to, raw }, setup.lmtp);
}

async function row(setup: Setup, messageId: string) {
  return setup.mail.kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId } });
}

async function votes(setup: Setup) {
  return setup.mail.kyodo.db.motionVote.count({ where: { ballotId: setup.ballotId, current: true } });
}

describe("under the default policy (record)", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp({ MAIL_MAX_BYTES: "20000", MAIL_STORE_BYTES: "4096" });
  });
  afterAll(async () => s?.mail.dispose());

  it("refuses, during the SMTP conversation, mail for addresses that are not ballot reply addresses", async () => {
    for (const to of ["kyodo@kyodo.example.jp", "vote+abc@other.example.jp"]) {
      const result = await deliver(s.mail.inboundPort, { from: SATO, to, raw: "Subject: x\r\n\r\nhello\r\n" });
      expect(result).toMatchObject({ accepted: false, code: 550 });
      expect(result.response).toContain("Kyodo only takes replies to ballot emails");
    }
    expect(await s.mail.kyodo.db.inboundMail.count()).toBe(0);
  });

  it("keeps a reply to an unknown token and refuses it with a clear reason", async () => {
    const result = await reply(s, {
      to: "vote+aaaaaaaaaaaaaaaaaaaaaaaaaa@kyodo.example.jp",
      messageId: "<bad-token@city.chiba.example.jp>",
    });
    expect(result).toMatchObject({ accepted: false, code: 550 });
    expect(result.response).toContain("ballot reply address is unknown");
    expect(await row(s, "<bad-token@city.chiba.example.jp>")).toMatchObject({ outcome: "bad_token", personId: null });
    expect(await votes(s)).toBe(0);
  });

  it("does not count a reply from an address not registered for the voter, and tells the voter at their own address", async () => {
    const result = await reply(s, { from: "sato.private@freemail.example.com", messageId: "<stranger@freemail.example.com>" });
    expect(result.accepted).toBe(true);
    expect(await row(s, "<stranger@freemail.example.com>")).toMatchObject({ outcome: "sender_mismatch", review: "open", answered: true });
    expect(await votes(s)).toBe(0);
    s.mail.relay.clear();
    await s.mail.kyodo.scheduler.tick(now);
    expect(s.mail.relay.to("sato.private@freemail.example.com")).toEqual([]);
    const notice = s.mail.relay.last(SATO);
    expect(notice.parsed.text).toContain("登録されていないアドレス（sato.private@freemail.example.com）");
    expect(notice.parsed.replyTo).toBeUndefined();
  });

  it("counts a reply from an alternate address the secretariat registered", async () => {
    const sato = await findPerson(s.mail.kyodo.db, s.mail.kyodo.council.id, "sato");
    await addEmailAlias(s.mail.kyodo.db, { personId: sato.id, address: "Johoka-Shared@City.Chiba.Example.JP", actor: "test" }, now);
    await reply(s, {
      from: "情報課 共有 <johoka-shared@city.chiba.example.jp>",
      messageId: "<alias@city.chiba.example.jp>",
      text: "議案1：反対\n",
      sign: true,
    });
    expect(await row(s, "<alias@city.chiba.example.jp>")).toMatchObject({ outcome: "counted" });
    expect(await votes(s)).toBe(1);
  });

  it("refuses a message over MAIL_MAX_BYTES with 552 and keeps its beginning", async () => {
    const big = Buffer.alloc(30_000, 0x41);
    const result = await reply(s, { messageId: "<big@city.chiba.example.jp>", attachments: [{ filename: "scan.pdf", content: big }] });
    expect(result).toMatchObject({ accepted: false, code: 552 });
    const stored = await row(s, "<big@city.chiba.example.jp>");
    expect(stored).toMatchObject({ outcome: "too_large", truncated: true });
    expect(stored.size).toBeGreaterThan(30_000);
    expect(stored.raw.length).toBeLessThanOrEqual(4096);
  });

  it("stores automatic replies (不在通知) but neither reads nor answers them", async () => {
    await s.mail.kyodo.scheduler.tick(now);
    s.mail.relay.clear();
    const result = await reply(s, {
      messageId: "<ooo@city.chiba.example.jp>",
      subject: "自動応答: 【表決のお願い】表決1",
      text: "11月30日まで不在にしております。賛成",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    expect(result.accepted).toBe(true);
    expect(await row(s, "<ooo@city.chiba.example.jp>")).toMatchObject({ outcome: "auto_reply", answered: false });
    await s.mail.kyodo.scheduler.tick(now);
    expect(s.mail.relay.messages).toEqual([]);
  });

  it("records DKIM: a valid signature passes; an altered message fails DMARC, so it is held for review, not counted", async () => {
    await reply(s, { messageId: "<signed@city.chiba.example.jp>", sign: true, text: "議案2：賛成\n" });
    expect(await row(s, "<signed@city.chiba.example.jp>")).toMatchObject({ outcome: "counted", dkim: "pass", dmarc: "pass", review: null });
    await reply(s, { messageId: "<tampered@city.chiba.example.jp>", sign: true, tamper: true });
    const tampered = await row(s, "<tampered@city.chiba.example.jp>");
    expect(tampered).toMatchObject({ outcome: "auth_failed", dkim: "fail", dmarc: "fail", review: "open" });
    expect((JSON.parse(tampered.auth) as { signatures: unknown[] }).signatures[0]).toMatchObject({
      domain: "city.chiba.example.jp",
      comment: "body hash did not verify",
      aligned: true,
    });
  });

  it("retries a send the relay refused for now (4xx), and gives up on a permanent refusal (5xx)", async () => {
    const { kyodo, relay } = s.mail;
    relay.refuse = { code: 451, message: "4.3.0 Try again later" };
    // Signed, so they count (this test's domain publishes DMARC) and each gets an ordinary answer to send.
    await reply(s, { messageId: "<retry@city.chiba.example.jp>", sign: true, text: "議案3：賛成\n" });
    await kyodo.scheduler.tick(now);
    const delivery = await kyodo.db.delivery.findFirstOrThrow({
      where: { source: { startsWith: "email-answer:" } },
      orderBy: { createdAt: "desc" },
    });
    expect(delivery).toMatchObject({ state: "queued", attempts: 1 });
    expect(delivery.lastError).toContain("451");
    relay.refuse = undefined;
    await kyodo.scheduler.tick(new Date(now.getTime() + 10 * 60_000));
    expect(await kyodo.db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ state: "sent" });

    relay.refuse = { code: 550, message: "5.1.1 User unknown" };
    await reply(s, { messageId: "<permanent@city.chiba.example.jp>", sign: true, text: "議案3：賛成\n" });
    await kyodo.scheduler.tick(new Date(now.getTime() + 11 * 60_000));
    relay.refuse = undefined;
    const failed = await kyodo.db.delivery.findFirstOrThrow({
      where: { source: { startsWith: "email-answer:" } },
      orderBy: { createdAt: "desc" },
    });
    expect(failed).toMatchObject({ state: "failed" });
  });

  it("does not count a reply to a closed ballot, and says so", async () => {
    const before = await votes(s);
    await closeBallot(s.mail.kyodo.db, s.ballotId, now, "secretariat");
    s.mail.relay.clear();
    await reply(s, { messageId: "<late@city.chiba.example.jp>", sign: true });
    expect(await row(s, "<late@city.chiba.example.jp>")).toMatchObject({ outcome: "closed" });
    expect(await votes(s)).toBe(before);
    await s.mail.kyodo.scheduler.tick(new Date(now.getTime() + 12 * 60_000));
    const answer = s.mail.relay.to(SATO).find((m) => m.parsed.inReplyTo === "<late@city.chiba.example.jp>")!;
    expect(answer.parsed.text).toContain("締め切られているため、このメールの表決は記録していません");
    expect(answer.parsed.replyTo).toBeUndefined();
  });
});

describe("when the council requires DKIM (receiving over LMTP)", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp({ MAIL_AUTH_POLICY: "require-dkim", INBOUND_SMTP_PROTOCOL: "lmtp" });
  });
  afterAll(async () => s?.mail.dispose());

  it("an unsigned reply does not count: recorded, reviewed, and the voter is told", async () => {
    const result = await reply(s, { messageId: "<unsigned@city.chiba.example.jp>" });
    expect(result.accepted).toBe(true);
    expect(await row(s, "<unsigned@city.chiba.example.jp>")).toMatchObject({ outcome: "auth_failed", dkim: "none", review: "open" });
    expect(await votes(s)).toBe(0);
    await s.mail.kyodo.scheduler.tick(now);
    expect(s.mail.relay.last(SATO).parsed.text).toContain("送信元の電子署名（DKIM/DMARC）を確認できないメールは受け付けていない");
  });

  it("a reply signed by the sender's domain counts", async () => {
    await reply(s, { messageId: "<signed-lmtp@city.chiba.example.jp>", sign: true });
    expect(await row(s, "<signed-lmtp@city.chiba.example.jp>")).toMatchObject({ outcome: "counted", dkim: "pass" });
    expect(await votes(s)).toBe(4);
  });
});

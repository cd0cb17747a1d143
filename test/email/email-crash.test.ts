// Issue #14: a reply is stored (outcome "received") before its vote is counted. If Kyodo dies in between,
// the stored message is processed again when Kyodo starts, and a resend from the relay is processed
// instead of being answered "Already received" — the vote is counted, once.
import { simpleParser } from "mailparser";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { messageKey } from "../../src/domain/email/receive-reply.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import type { Db } from "../../src/storage/database.ts";
import { createExampleBallot, jst } from "../motions/support.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";
import {
  composeReply,
  deliver,
  MAIL_DOMAIN,
  replyToOf,
  startEmailKyodo,
  type CapturedMail,
  type EmailKyodo,
} from "./support/mail-harness.ts";

const now = jst("2026-11-24T10:00:00");
const { dir, databaseUrl } = tempDatabaseUrl();
const ADDRESS = { sato: "sato@city.chiba.example.jp", takahashi: "takahashi@city.choshi.example.jp" } as const;
let mail: EmailKyodo;
let ballotId: string;
const ballotMail = new Map<keyof typeof ADDRESS, CapturedMail>();

async function start(): Promise<EmailKyodo> {
  return startEmailKyodo({ DATABASE_URL: databaseUrl }, { clock: () => now });
}

/** Stores a reply exactly as the receiver does before processing it, as if Kyodo died right after. */
async function storeUnprocessed(db: Db, handle: keyof typeof ADDRESS, messageId: string): Promise<{ raw: Buffer; to: string }> {
  const to = replyToOf(ballotMail.get(handle)!);
  const reply = await composeReply({
    from: ADDRESS[handle],
    to,
    subject: "Re: 表決",
    text: "全議案賛成です。",
    messageId,
    inReplyTo: ballotMail.get(handle)!.parsed.messageId,
  });
  const raw = Buffer.concat([
    Buffer.from(`Received: from relay.example.jp ([127.0.0.1]) by ${MAIL_DOMAIN} (Kyodo) with SMTP id test; ${now.toUTCString()}\r\n`),
    reply,
  ]);
  const parsed = await simpleParser(raw);
  await db.inboundMail.create({
    data: {
      messageKey: messageKey(parsed, to, raw),
      messageId,
      envelopeFrom: ADDRESS[handle],
      recipient: to.toLowerCase(),
      fromAddress: ADDRESS[handle],
      subject: parsed.subject ?? null,
      remoteIp: "127.0.0.1",
      receivedAt: now,
      size: raw.length,
      raw: new Uint8Array(raw),
    },
  });
  return { raw: reply, to };
}

async function votesOf(db: Db, handle: string): Promise<string[]> {
  const person = await findPerson(db, (await db.council.findFirstOrThrow()).id, handle);
  return (
    await db.motionVote.findMany({
      where: { ballotId, personId: person.id },
      include: { motion: true },
      orderBy: { motion: { number: "asc" } },
    })
  ).map((v) => `${v.motion.number}:${v.choice}`);
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await probe()); i++) await new Promise((r) => setTimeout(r, 50));
}

beforeAll(async () => {
  mail = await start();
  const { kyodo } = mail;
  for (const handle of Object.keys(ADDRESS) as Array<keyof typeof ADDRESS>) {
    await optInToEmail(kyodo.db, { personId: (await findPerson(kyodo.db, kyodo.council.id, handle)).id, actor: "test" }, now);
  }
  ballotId = (await createExampleBallot(kyodo, now)).id;
  await kyodo.scheduler.tick(now);
  for (const handle of Object.keys(ADDRESS) as Array<keyof typeof ADDRESS>) ballotMail.set(handle, mail.relay.last(ADDRESS[handle]));
});

afterAll(async () => {
  await mail?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("a stored reply whose vote was never counted", () => {
  it("is processed when Kyodo starts again, and the relay's resend does not count it twice", async () => {
    const stored = await storeUnprocessed(mail.kyodo.db, "sato", "<crash-1@city.chiba.example.jp>");
    await mail.dispose();

    mail = await start();
    const { db } = mail.kyodo;
    await until(
      async () =>
        (await db.inboundMail.findFirstOrThrow({ where: { messageId: "<crash-1@city.chiba.example.jp>" } })).outcome !== "received",
    );
    expect(await db.inboundMail.findFirstOrThrow({ where: { messageId: "<crash-1@city.chiba.example.jp>" } })).toMatchObject({
      outcome: "counted",
      answered: true,
    });
    expect(await votesOf(db, "sato")).toEqual(["1:for", "2:for", "3:for", "4:for"]);

    const resent = await deliver(mail.inboundPort, { from: ADDRESS.sato, to: stored.to, raw: stored.raw });
    expect(resent).toMatchObject({ accepted: true, response: "250 2.0.0 Already received" });
    expect(await votesOf(db, "sato")).toEqual(["1:for", "2:for", "3:for", "4:for"]);
  });

  it("a resend of a stored, unprocessed message is processed rather than answered 「Already received」", async () => {
    const { db } = mail.kyodo;
    const stored = await storeUnprocessed(db, "takahashi", "<crash-2@city.choshi.example.jp>");
    const resent = await deliver(mail.inboundPort, { from: ADDRESS.takahashi, to: stored.to, raw: stored.raw });
    expect(resent).toMatchObject({ accepted: true, response: "250 2.0.0 Received" });
    expect(await votesOf(db, "takahashi")).toEqual(["1:for", "2:for", "3:for", "4:for"]);
    expect(await db.inboundMail.findFirstOrThrow({ where: { messageId: "<crash-2@city.choshi.example.jp>" } })).toMatchObject({
      outcome: "counted",
      arrivals: 2,
    });
  });
});

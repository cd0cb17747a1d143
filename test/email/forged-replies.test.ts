// Forged replies must not silence the real voter: mail with a voter's reply token but someone else's From
// (or failing the council's authentication) is answered from a quota of its own, so the genuine voter's
// ten automatic answers an hour stay theirs and their receipt still goes out. Real SMTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { ANSWERS_PER_HOUR } from "../../src/domain/email/receive-reply.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot, jst } from "../motions/support.ts";
import { composeReply, deliver, replyToOf, startEmailKyodo, type EmailKyodo } from "./support/mail-harness.ts";

const SATO = "sato@city.chiba.example.jp";
const FORGER = "attacker@freemail.example.com";
const now = jst("2026-11-24T10:00:00");
let mail: EmailKyodo;
let to: string;

beforeAll(async () => {
  mail = await startEmailKyodo({}, { clock: () => now });
  const sato = await findPerson(mail.kyodo.db, mail.kyodo.council.id, "sato");
  await optInToEmail(mail.kyodo.db, { personId: sato.id, actor: "test" }, now);
  await createExampleBallot(mail.kyodo, now);
  await mail.kyodo.scheduler.tick(now);
  to = replyToOf(mail.relay.last(SATO));
});
afterAll(async () => mail?.dispose());

async function send(from: string, messageId: string, text = "議案1：賛成\n") {
  const raw = await composeReply({ from, to, subject: "Re: 【表決のお願い】表決1", text, messageId });
  return deliver(mail.inboundPort, { from, to, raw });
}

describe("forged replies with a voter's token", () => {
  it("do not use up the voter's automatic answers: the genuine reply still gets its receipt", async () => {
    for (let i = 0; i < ANSWERS_PER_HOUR + 2; i++) expect((await send(FORGER, `<forged-${i}@freemail.example.com>`)).accepted).toBe(true);
    const forged = await mail.kyodo.db.inboundMail.findMany({ where: { outcome: "sender_mismatch" } });
    expect(forged).toHaveLength(ANSWERS_PER_HOUR + 2);
    // The voter is warned, but only a few times an hour: a flood of forgeries is not a flood of warnings.
    expect(forged.filter((f) => f.answered)).toHaveLength(3);

    await send(SATO, "<genuine@city.chiba.example.jp>");
    const genuine = await mail.kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId: "<genuine@city.chiba.example.jp>" } });
    expect(genuine).toMatchObject({ outcome: "counted", answered: true });
    mail.relay.clear();
    await mail.kyodo.scheduler.tick(now);
    const receipt = mail.relay.to(SATO).find((m) => m.parsed.inReplyTo === "<genuine@city.chiba.example.jp>");
    expect(receipt?.parsed.text).toContain("受付番号");
  });
});

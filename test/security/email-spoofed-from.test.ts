// A reply carrying the voter's token but a forged From: (a forwarded ballot email is enough) was counted
// under the default MAIL_AUTH_POLICY=record. Now: never counted where the sender's domain publishes DMARC
// and the message fails it; unsigned mail from a domain without DMARC still counts (LGWAN), unless the
// council names its relays (MAIL_TRUSTED_RELAYS) and the mail did not come through one: then it is held.
import { afterEach, describe, expect, it } from "vitest";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot, jst } from "../motions/support.ts";
import { composeReply, deliver, fakeDns, replyToOf, startEmailKyodo, type EmailKyodo } from "../email/support/mail-harness.ts";

const SATO = "sato@city.chiba.example.jp";
const now = jst("2026-11-24T10:00:00");
const VOTE = "Motion 1: for\nMotion 2: for\nMotion 3: for\nMotion 4: for\n";

let mail: EmailKyodo | undefined;
afterEach(async () => {
  await mail?.dispose();
  mail = undefined;
});

async function replyAsSato(env: Record<string, string>, dns: Record<string, string[][]>) {
  mail = await startEmailKyodo(env, { clock: () => now, dns: fakeDns(dns) });
  const sato = await findPerson(mail.kyodo.db, mail.kyodo.council.id, "sato");
  await optInToEmail(mail.kyodo.db, { personId: sato.id, actor: "test" }, now);
  const ballot = await createExampleBallot(mail.kyodo, now);
  await mail.kyodo.scheduler.tick(now);
  const to = replyToOf(mail.relay.last(SATO));
  // Unsigned, From: sato, sent from 127.0.0.1 — which sato's domain never authorised.
  const raw = await composeReply({
    from: SATO,
    to,
    subject: "Re: 【表決のお願い】表決1",
    text: VOTE,
    messageId: "<forged@attacker.example>",
  });
  const sent = await deliver(mail.inboundPort, { from: SATO, to, raw });
  expect(sent.accepted).toBe(true);
  const row = await mail.kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId: "<forged@attacker.example>" } });
  const votes = await mail.kyodo.db.motionVote.count({ where: { ballotId: ballot.id, current: true } });
  return { row, votes };
}

describe("forged From: under MAIL_AUTH_POLICY=record", () => {
  it("is not counted when the sender's domain publishes DMARC and the message fails it", async () => {
    const { row, votes } = await replyAsSato({}, { "TXT:_dmarc.city.chiba.example.jp": [["v=DMARC1; p=reject"]] });
    expect(row).toMatchObject({ outcome: "auth_failed", dmarc: "fail", review: "open" });
    expect(JSON.parse(row.detail ?? "{}")).toMatchObject({ auth: "dmarc_fail" });
    expect(votes).toBe(0);
  });

  it("still counts unsigned mail from a domain without DMARC when no relays are named (LGWAN)", async () => {
    const { row, votes } = await replyAsSato({}, {});
    expect(row.outcome).toBe("counted");
    expect(votes).toBe(4);
  });

  it("holds unsigned mail for review when it did not come through a trusted relay", async () => {
    const { row, votes } = await replyAsSato({ MAIL_TRUSTED_RELAYS: "192.0.2.0/24, 2001:db8::1" }, {});
    expect(row).toMatchObject({ outcome: "auth_failed", review: "open" });
    expect(JSON.parse(row.detail ?? "{}")).toMatchObject({ auth: "untrusted_relay" });
    expect(votes).toBe(0);
  });

  it("counts unsigned mail that came through a trusted relay", async () => {
    const { row, votes } = await replyAsSato({ MAIL_TRUSTED_RELAYS: "127.0.0.0/8" }, {});
    expect(row.outcome).toBe("counted");
    expect(votes).toBe(4);
  });
});

describe("a hostile reply body", () => {
  it("with a 60 KB line of spaces is read and counted at once, over real SMTP", { timeout: 30_000 }, async () => {
    mail = await startEmailKyodo({}, { clock: () => now, dns: fakeDns({}) });
    const sato = await findPerson(mail.kyodo.db, mail.kyodo.council.id, "sato");
    await optInToEmail(mail.kyodo.db, { personId: sato.id, actor: "test" }, now);
    const ballot = await createExampleBallot(mail.kyodo, now);
    await mail.kyodo.scheduler.tick(now);
    const to = replyToOf(mail.relay.last(SATO));
    const raw = await composeReply({
      from: SATO,
      to,
      subject: "Re: 【表決のお願い】表決1",
      text: `${VOTE}${" ".repeat(60_000)}x\n`,
      messageId: "<spaces@city.chiba.example.jp>",
    });
    expect((await deliver(mail.inboundPort, { from: SATO, to, raw })).accepted).toBe(true);
    expect(await mail.kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId: "<spaces@city.chiba.example.jp>" } })).toMatchObject({
      outcome: "counted",
    });
    expect(await mail.kyodo.db.motionVote.count({ where: { ballotId: ballot.id, current: true } })).toBe(4);
  });
});

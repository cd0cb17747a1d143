// Bounces after the relay accepted a message, over real SMTP on loopback: Kyodo's mail carries a signed
// VERP envelope sender (bounce+<delivery key>.<signature>@MAIL_DOMAIN) that its own receiver takes; a
// delivery status notification (multipart/report, RFC 3464) sent back there marks that delivery failed
// with the DSN's status and diagnostic, which the secretariat sees in the deliveries listing. A bounce
// address with a wrong signature is refused during the SMTP conversation and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroadcast } from "../../src/domain/broadcasts/create-broadcast.ts";
import { createInquiry } from "../../src/domain/inquiries/create-inquiry.ts";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { findBody } from "../../src/domain/bodies/find-body.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { runCli } from "../support/run-command.ts";
import { jst } from "../motions/support.ts";
import { deliver, MAIL_DOMAIN, startEmailKyodo, type CapturedMail, type EmailKyodo } from "./support/mail-harness.ts";

const SATO = "sato@city.chiba.example.jp";
const now = jst("2026-11-24T10:00:00");
let mail: EmailKyodo;
let notice: CapturedMail;
let secretariat: ConsoleSession;

/** A delivery status notification as a receiving server writes it (RFC 3464), for the given bounce address. */
function dsn(to: string, input: { recipient: string; action: string; status: string; diagnostic: string; messageId: string }): string {
  const boundary = "dsn-boundary-1";
  return [
    `From: Mail Delivery System <MAILER-DAEMON@city.chiba.example.jp>`,
    `To: ${to}`,
    `Subject: Undelivered Mail Returned to Sender`,
    `Message-ID: <dsn-${input.status}@city.chiba.example.jp>`,
    `Auto-Submitted: auto-replied`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    ``,
    `--${boundary}`,
    `Content-Type: text/plain; charset=us-ascii`,
    ``,
    `I'm sorry to have to inform you that your message could not be delivered.`,
    ``,
    `--${boundary}`,
    `Content-Type: message/delivery-status`,
    ``,
    `Reporting-MTA: dns; mx.city.chiba.example.jp`,
    `Arrival-Date: Tue, 24 Nov 2026 10:00:05 +0900`,
    ``,
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Original-Recipient: rfc822; ${input.recipient}`,
    `Action: ${input.action}`,
    `Status: ${input.status}`,
    `Remote-MTA: dns; mbox.city.chiba.example.jp`,
    `Diagnostic-Code: smtp; ${input.diagnostic}`,
    ``,
    `--${boundary}`,
    `Content-Type: text/rfc822-headers`,
    ``,
    `Message-ID: ${input.messageId}`,
    `To: ${input.recipient}`,
    ``,
    `--${boundary}--`,
    ``,
  ].join("\r\n");
}

beforeAll(async () => {
  mail = await startEmailKyodo({ MAIL_BOUNCE_SECRET: "bounce-secret-for-tests-0123456789" }, { clock: () => now });
  const { kyodo } = mail;
  const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
  await optInToEmail(kyodo.db, { personId: sato.id, actor: "test" }, now);
  const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
  const chiba = await findBody(kyodo.db, kyodo.council.id, "千葉市");
  await createBroadcast(
    kyodo.db,
    {
      councilId: kyodo.council.id,
      createdById: yamada.id,
      audience: { kind: "bodies", bodyIds: [chiba.id] },
      channels: ["dm"],
      text: "12月4日の幹事会は書面開催とします。",
    },
    now,
  );
  await kyodo.scheduler.tick(now);
  notice = mail.relay.last(SATO);
  secretariat = new ConsoleSession(kyodo.engine, "u-yamada");
  await secretariat.say(`link ${await kyodo.codeFor("yamada")}`);
});
afterAll(async () => {
  await secretariat?.close();
  await mail?.dispose();
});

async function emailDelivery() {
  return mail.kyodo.db.delivery.findFirstOrThrow({ where: { platform: "email", source: { startsWith: "broadcast:" } } });
}

describe("bounces", () => {
  it("Kyodo's mail goes out with a signed bounce address of its own as the envelope sender", async () => {
    expect(notice.envelope.from).toMatch(new RegExp(`^bounce\\+[0-9a-f-]+\\.[0-9a-f]{16}@${MAIL_DOMAIN.replaceAll(".", "\\.")}$`));
    // The visible sender stays the secretariat's address.
    expect(notice.parsed.from?.value[0]?.address).toBe(`kyodo@${MAIL_DOMAIN}`);
    expect((await emailDelivery()).state).toBe("sent");
  });

  it("refuses a bounce address whose signature does not match, and changes nothing", async () => {
    const forged = notice.envelope.from.replace(/\.[0-9a-f]{16}@/, ".0123456789abcdef@");
    const result = await deliver(mail.inboundPort, {
      from: "",
      to: forged,
      raw: dsn(forged, {
        recipient: SATO,
        action: "failed",
        status: "5.1.1",
        diagnostic: "550 5.1.1 <sato@city.chiba.example.jp>: User unknown",
        messageId: notice.parsed.messageId!,
      }),
    });
    expect(result).toMatchObject({ accepted: false, code: 550 });
    const unknown = `bounce+00000000-0000-0000-0000-000000000000.0123456789abcdef@${MAIL_DOMAIN}`;
    expect(
      await deliver(mail.inboundPort, {
        from: "",
        to: unknown,
        raw: dsn(unknown, { recipient: SATO, action: "failed", status: "5.1.1", diagnostic: "550 User unknown", messageId: "<x@y>" }),
      }),
    ).toMatchObject({ accepted: false, code: 550 });
    expect((await emailDelivery()).state).toBe("sent");
  });

  it("a delay notice (Action: delayed) is kept but fails nothing", async () => {
    const to = notice.envelope.from;
    const result = await deliver(mail.inboundPort, {
      from: "",
      to,
      raw: dsn(to, {
        recipient: SATO,
        action: "delayed",
        status: "4.4.1",
        diagnostic: "421 4.4.1 Connection timed out",
        messageId: notice.parsed.messageId!,
      }),
    });
    expect(result.accepted).toBe(true);
    expect((await emailDelivery()).state).toBe("sent");
    expect(await mail.kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId: "<dsn-4.4.1@city.chiba.example.jp>" } })).toMatchObject({
      outcome: "bounce_delayed",
    });
  });

  it("a DSN to the bounce address marks that delivery failed with its status and diagnostic, shown to the secretariat", async () => {
    const to = notice.envelope.from;
    const result = await deliver(mail.inboundPort, {
      from: "",
      to,
      raw: dsn(to, {
        recipient: SATO,
        action: "failed",
        status: "5.1.1",
        diagnostic: "550 5.1.1 <sato@city.chiba.example.jp>: Recipient address rejected: User unknown",
        messageId: notice.parsed.messageId!,
      }),
    });
    expect(result.accepted).toBe(true);
    const delivery = await emailDelivery();
    expect(delivery.state).toBe("failed");
    expect(delivery.lastError).toContain("5.1.1");
    expect(delivery.lastError).toContain("User unknown");
    expect(await mail.kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId: "<dsn-5.1.1@city.chiba.example.jp>" } })).toMatchObject({
      outcome: "bounce_failed",
    });

    const broadcast = await mail.kyodo.db.broadcast.findFirstOrThrow();
    const listing = await secretariat.say(`deliveries ${broadcast.id.slice(-6)}`);
    expect(listing).toContain("佐藤 一郎");
    expect(listing).toContain("5.1.1");
    expect(listing).toContain("User unknown");
  });

  it("the same DSN delivered twice changes nothing more", async () => {
    const to = notice.envelope.from;
    const result = await deliver(mail.inboundPort, {
      from: "",
      to,
      raw: dsn(to, {
        recipient: SATO,
        action: "failed",
        status: "5.1.1",
        diagnostic: "550 5.1.1 <sato@city.chiba.example.jp>: Recipient address rejected: User unknown",
        messageId: notice.parsed.messageId!,
      }),
    });
    expect(result.accepted).toBe(true);
    expect(await mail.kyodo.db.inboundMail.count({ where: { outcome: "bounce_failed" } })).toBe(1);
  });

  it("a bounced inquiry notice shows in the secretariat's list of what did not arrive", async () => {
    const { kyodo, relay } = mail;
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    const chiba = await findBody(kyodo.db, kyodo.council.id, "千葉市");
    expect(await secretariat.say("deliveries failed")).not.toContain("照会の案内");
    await createInquiry(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        title: "端末台数調べ",
        dueAt: jst("2026-12-10T17:00:00"),
        bodyIds: [chiba.id],
        createdById: yamada.id,
      },
      now,
      "Asia/Tokyo",
    );
    relay.clear();
    await kyodo.scheduler.tick(now);
    const announcement = relay.last(SATO);
    expect(announcement.parsed.text).toContain("端末台数調べ");
    const to = announcement.envelope.from;
    await deliver(mail.inboundPort, {
      from: "",
      to,
      raw: dsn(to, {
        recipient: SATO,
        action: "failed",
        status: "5.2.2",
        diagnostic: "552 5.2.2 Mailbox full",
        messageId: announcement.parsed.messageId!,
      }),
    });
    const listing = await secretariat.say("deliveries failed");
    expect(listing).toContain("照会の案内");
    expect(listing).toContain("佐藤 一郎");
    expect(listing).toContain("5.2.2");
    expect(listing).toContain("Mailbox full");
    const cli = await runCli(["broadcast", "failed"], { DATABASE_URL: kyodo.databaseUrl, KYODO_COUNCIL: kyodo.council.slug });
    expect(cli.stdout).toMatch(/inquiry\s+佐藤 一郎\s+千葉市\s+email\s+failed\s+bounced 5\.2\.2: 552 5\.2\.2 Mailbox full/);
  });
});

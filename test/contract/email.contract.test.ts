// The adapter contract on email: a real Kyodo sending through a fake council relay and receiving replies on
// its own SMTP receiver, both on loopback (test/email/support). The council requires a passing DKIM signature
// of the sender's own domain (MAIL_AUTH_POLICY=require-dkim): that signature is email's equivalent of a signed
// webhook, so a reply signed with the wrong key, or not signed, must not count. DNS comes from a table.
import { generateKeyPairSync } from "node:crypto";
import { expect } from "vitest";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { nextOfficeMoment } from "../../src/domain/reminders/office-hours.ts";
import { composeReply, deliver, fakeDns, replyToOf, startEmailKyodo, type EmailKyodo } from "../email/support/mail-harness.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { missing, settle, type Capabilities, type ChannelHarness, type Shown } from "./channel-harness.ts";
import { describeChannelContract } from "./channel-contract.ts";

/** The demo people's mail domains, each publishing the DKIM key its mail server signs with (selector s1). */
const DOMAINS = [
  "pref.chiba.example.jp",
  "city.chiba.example.jp",
  "city.choshi.example.jp",
  "city.abiko.example.jp",
  "city.kamagaya.example.jp",
  "city.ichikawa.example.jp",
];

function rsaKeys() {
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 1024,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKey: keys.publicKey.toString("base64"), privateKey: keys.privateKey };
}

const genuine = rsaKeys();
const forger = rsaKeys();
const dnsRecords = Object.fromEntries(
  DOMAINS.flatMap((domain) => [
    [`TXT:s1._domainkey.${domain}`, [[`v=DKIM1; k=rsa; p=${genuine.publicKey}`]]],
    [`TXT:_dmarc.${domain}`, [["v=DMARC1; p=none"]]],
  ]),
);

class EmailHarness implements ChannelHarness {
  readonly channel = "email";
  readonly capabilities: Capabilities = {
    signatures: true,
    redelivery: true,
    groups: missing("every mail is one person's thread: there is no shared conversation to answer in"),
    opensDirect: missing("an address is its own direct conversation: there is nothing to open"),
    buttons: missing("a mail has no buttons: the words of the reply are read"),
    forms: missing("a mail has no forms"),
    commands: missing("email carries only replies to Kyodo's own mails (a vote read against the ballot its reply token names)"),
    linking: missing("an address is recorded by the secretariat or chosen in chat (/kyodo email on); there is no code to mail"),
    messageLimit: missing("a mail has no length limit to keep; long tables are reflowed for reading, not cut"),
  };
  /** email votes are read without a command: the words alone */
  readonly voteAllText = "全議案賛成";
  private mail!: EmailKyodo;
  private readonly addresses = new Map<string, string>();
  private n = 0;
  /** the Message-IDs of the replies sent as the people */
  private readonly sent = new Set<string>();

  get kyodo(): TestKyodo {
    return this.mail.kyodo;
  }

  async start() {
    this.mail = await startEmailKyodo({ MAIL_AUTH_POLICY: "require-dkim" }, { dns: fakeDns(dnsRecords) });
  }

  async stop() {
    await this.mail?.dispose();
  }

  conversationOf(user: string) {
    const address = this.addresses.get(user);
    if (!address) throw new Error(`${user} has no address here`);
    return address;
  }

  /** The secretariat's way in for email: the person's address of record, chosen for notices and ballots. */
  async link(user: string, handle: string) {
    const person = await findPerson(this.kyodo.db, this.kyodo.council.id, handle);
    await optInToEmail(this.kyodo.db, { personId: person.id, actor: "test:contract" }, new Date());
    this.addresses.set(user, person.email!);
    return [];
  }

  /** A reply to the last ballot mail the person received, signed by their domain's mail server. */
  say(user: string, text: string) {
    return this.collect(async () => {
      expect((await this.reply(user, text, "genuine")).accepted).toBe(true);
    });
  }

  sayTwice(user: string, text: string) {
    return this.collect(async () => {
      const raw = await this.compose(user, text, "genuine");
      for (let i = 0; i < 2; i++) expect((await deliver(this.mail.inboundPort, raw)).accepted).toBe(true);
    });
  }

  async sayForged(user: string, text: string, how: "wrong" | "absent") {
    const sent = await this.compose(user, text, how === "wrong" ? "forger" : "unsigned");
    const result = await deliver(this.mail.inboundPort, sent);
    await settle(this.kyodo);
    const stored = await this.kyodo.db.inboundMail.findFirst({ where: { messageId: sent.messageId } });
    return {
      refused: result.accepted && stored !== null && stored.outcome !== "counted",
      detail: `SMTP ${result.response}; outcome ${stored?.outcome}, dkim ${stored?.dkim}, review ${stored?.review}`,
    };
  }

  /** The ballot mail itself is the question: it goes out when the ballot opens. */
  askToVote(user: string) {
    return Promise.resolve([this.shown(this.lastBallotMail(user))]);
  }

  flushOutbox() {
    return this.collect(async () => {});
  }

  refusals() {
    return [];
  }

  private lastBallotMail(user: string) {
    const mail = this.mail.relay.to(this.conversationOf(user)).findLast((m) => m.parsed.replyTo?.value[0]?.address?.startsWith("vote+"));
    if (!mail) throw new Error(`no ballot mail to ${user}`);
    return mail;
  }

  private async compose(user: string, text: string, signer: "genuine" | "forger" | "unsigned") {
    const from = this.conversationOf(user);
    const ballot = this.lastBallotMail(user);
    const to = replyToOf(ballot);
    const messageId = `<contract-${++this.n}-${Date.now()}@${from.split("@")[1]}>`;
    this.sent.add(messageId);
    const keys = signer === "genuine" ? genuine : forger;
    const raw = await composeReply({
      from,
      to,
      subject: `Re: ${ballot.parsed.subject}`,
      text: `${text}\n`,
      inReplyTo: ballot.parsed.messageId,
      messageId,
      ...(signer === "unsigned" ? {} : { dkim: { domainName: from.split("@")[1]!, keySelector: "s1", privateKey: keys.privateKey } }),
    });
    return { from, to, raw, messageId };
  }

  private async reply(user: string, text: string, signer: "genuine" | "forger" | "unsigned") {
    return deliver(this.mail.inboundPort, await this.compose(user, text, signer));
  }

  private shown(mail: EmailKyodo["relay"]["messages"][number]): Shown {
    const text = `${mail.parsed.subject ?? ""}\n${mail.parsed.text ?? ""}`;
    // An answer is threaded under the person's own message; a notice is not.
    const via = mail.parsed.inReplyTo && this.sent.has(mail.parsed.inReplyTo) ? ("reply" as const) : ("push" as const);
    return { conversation: mail.envelope.to.join(","), text, sizes: [text.length], via };
  }

  /** Runs `act`, sends what the outbox holds, and returns the mails the relay was given meanwhile. Calls to vote
   *  wait for the council's office hours, so the outbox is flushed as at the next office moment (now, by day). */
  private async collect(act: () => Promise<void>): Promise<Shown[]> {
    const before = this.mail.relay.messages.length;
    await act();
    const council = await this.kyodo.db.council.findUniqueOrThrow({ where: { id: this.kyodo.council.id } });
    await this.kyodo.outbox.flush(nextOfficeMoment(council, new Date()));
    await settle(this.kyodo);
    return this.mail.relay.messages.slice(before).map((m) => this.shown(m));
  }
}

describeChannelContract(() => new EmailHarness());

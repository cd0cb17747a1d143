// A bounce that comes back after the relay accepted a message: Kyodo's mail goes out with a signed bounce
// address per delivery (src/lib/verp.ts), so a delivery status notification (multipart/report, RFC 3464)
// sent there names the delivery it is about. A permanent failure (Action: failed) marks that delivery
// failed with the DSN's status and diagnostic, where the secretariat sees it next to the broadcast; delays
// and anything that is not a DSN (an out-of-office reply sent to the envelope sender) are kept, never acted
// on. Every message is stored first, and a second copy changes nothing.
import { createHash } from "node:crypto";
import type { ParsedMail } from "mailparser";
import { loadMailParser } from "../../lib/load-on-first-use.ts";
import { readBounceAddress } from "../../lib/verp.ts";
import type { Db } from "../../storage/database.ts";
import { EMAIL_PLATFORM } from "./addresses.ts";

export interface BounceSettings {
  db: Db;
  domain: string;
  bounceSecret: string;
  clock: () => Date;
}

interface IncomingBounce {
  raw: Buffer;
  truncated: boolean;
  size: number;
  mailFrom: string;
  remoteAddress: string;
}

/** One per-recipient block of a delivery status report (RFC 3464 §2.3). */
export interface RecipientStatus {
  finalRecipient?: string;
  action?: string;
  status?: string;
  diagnostic?: string;
}

const ACCEPTED = { code: 250, message: "2.0.0 Bounce received" };

/** Reads the per-recipient fields of a message/delivery-status body; folded lines are unfolded. */
export function readDeliveryStatus(text: string): RecipientStatus[] {
  const blocks = text
    .replace(/\r\n/g, "\n")
    .replace(/\n[ \t]+/g, " ")
    .split(/\n\s*\n/);
  const recipients: RecipientStatus[] = [];
  for (const block of blocks) {
    const fields = new Map<string, string>();
    for (const line of block.split("\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    if (!fields.has("action") && !fields.has("final-recipient")) continue;
    recipients.push({
      finalRecipient: fields.get("final-recipient")?.replace(/^rfc822;\s*/i, ""),
      action: fields.get("action")?.toLowerCase(),
      status: fields.get("status"),
      diagnostic: fields.get("diagnostic-code")?.replace(/^smtp;\s*/i, ""),
    });
  }
  return recipients;
}

/** The message/delivery-status part of a multipart/report (mailparser folds it into the text, so it is
 *  cut out of the raw message by the report's boundary). DSN parts are plain 7-bit text. */
export function deliveryStatusPart(parsed: ParsedMail | undefined, raw: Buffer): string | undefined {
  const type = parsed?.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  const boundary = type?.params?.boundary;
  if (!boundary || !/^multipart\/report$/i.test(type?.value ?? "")) return undefined;
  for (const part of raw.toString("latin1").split(`--${boundary}`).slice(1)) {
    const text = part.replace(/^\r?\n/, "");
    const split = text.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    if (/^content-type:\s*message\/(?:global-)?delivery-status\b/im.test(text.slice(0, split))) return text.slice(split).trim();
  }
  return undefined;
}

export async function receiveBounce(settings: BounceSettings, mail: IncomingBounce, recipient: string) {
  const { db } = settings;
  const key = readBounceAddress(recipient, settings.bounceSecret, settings.domain);
  // The receiver checked the signature at RCPT already; this is the second lock on the same door.
  if (key === undefined) return { code: 550, message: "5.1.1 unknown bounce address" };
  const parsed = await (
    await loadMailParser()
  )
    .simpleParser(mail.raw, { skipImageLinks: true, skipTextToHtml: true })
    .catch(() => undefined);
  const messageKey = createHash("sha256")
    .update(`${parsed?.messageId ?? createHash("sha256").update(mail.raw).digest("hex")}\u0000${recipient.toLowerCase()}`)
    .digest("hex");
  if (await db.inboundMail.findUnique({ where: { messageKey }, select: { id: true } }))
    return { code: 250, message: "2.0.0 Already received" };

  const delivery = await db.delivery.findFirst({ where: { idempotencyKey: key, platform: EMAIL_PLATFORM } });
  const report = deliveryStatusPart(parsed, mail.raw);
  const statuses = report ? readDeliveryStatus(report) : [];
  const failed = statuses.find((s) => s.action === "failed");
  const outcome = !delivery
    ? "bounce_no_delivery"
    : !report
      ? "bounce_not_dsn"
      : failed
        ? "bounce_failed"
        : statuses.some((s) => s.action === "delayed")
          ? "bounce_delayed"
          : "bounce_other";
  const reason = failed ? `bounced ${failed.status ?? ""}${failed.diagnostic ? `: ${failed.diagnostic}` : ""}`.trim() : undefined;
  try {
    await db.$transaction(async (tx) => {
      await tx.inboundMail.create({
        data: {
          messageKey,
          messageId: parsed?.messageId ?? null,
          envelopeFrom: mail.mailFrom || null,
          recipient: recipient.toLowerCase(),
          fromAddress: parsed?.from?.value.map((a) => a.address).join(", ") || null,
          subject: parsed?.subject?.slice(0, 500) ?? null,
          remoteIp: mail.remoteAddress,
          receivedAt: settings.clock(),
          size: mail.size,
          raw: new Uint8Array(mail.raw),
          truncated: mail.truncated,
          personId: delivery?.personId ?? null,
          outcome,
          detail: JSON.stringify({ deliveryId: delivery?.id ?? null, recipients: statuses }),
        },
      });
      if (delivery && reason)
        await tx.delivery.update({ where: { id: delivery.id }, data: { state: "failed", lastError: reason.slice(0, 500) } });
    });
  } catch (error) {
    // The same bounce arriving twice at once: the other copy was stored and acted on.
    if ((error as { code?: string }).code === "P2002") return { code: 250, message: "2.0.0 Already received" };
    throw error;
  }
  return ACCEPTED;
}

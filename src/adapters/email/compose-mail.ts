// Turns a neutral message for one address into the parts of an email: subject, plain text and HTML
// bodies, reply address, Message-ID and thread headers. Pure, so what is sent can be checked without a
// mail server. The Message-ID is derived from the delivery's retry key when the message brings none, so
// a retried send carries the same id and the receiving server can recognise the copy.
import { randomUUID } from "node:crypto";
import type { ConversationRef, OutboundMessage } from "../../engine/messages.ts";
import { bounceAddress } from "../../lib/verp.ts";
import { looksJapanese, mailSubject, renderMailHtml, renderMailText } from "./render-mail.ts";

export interface MailSettings {
  /** "共同 事務局 <kyodo@kyodo.example.lg.jp>" */
  from: string;
  /** the domain of reply addresses and Message-IDs */
  domain: string;
  /** signs the per-delivery bounce address (VERP); without it bounces go to the From address */
  bounceSecret?: string;
}

export interface ComposedMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
  /** SMTP envelope: the delivery's own bounce address as MAIL FROM, so a later bounce finds it */
  envelope?: { from: string; to: string };
}

/** The address replies to a ballot email go to: one per voter and ballot, recognised by its token. */
export function replyAddress(token: string, domain: string): string {
  return `vote+${token}@${domain}`;
}

/** Kyodo's own ids are written without a domain; the mail domain completes them. Others stay as they are. */
export function completeMessageId(id: string, domain: string): string {
  const bare = id.trim().replace(/^<|>$/g, "");
  return `<${bare.includes("@") ? bare : `${bare}@${domain}`}>`;
}

export function composeMail(ref: ConversationRef, message: OutboundMessage, settings: MailSettings, retryKey?: string): ComposedMail {
  const envelope = message.mail ?? {};
  const text = renderMailText(message);
  const complete = (id: string) => completeMessageId(id, settings.domain);
  const headers: Record<string, string> = {
    // Kyodo's mail is automatic: autoresponders (不在通知) must not answer it (RFC 3834), and Exchange is
    // asked not to send out-of-office replies at all, so an absence reply never reaches the ballot box.
    "Auto-Submitted": envelope.autoSubmitted ?? "auto-generated",
    "X-Auto-Response-Suppress": "All",
  };
  return {
    from: settings.from,
    to: ref.conversationId,
    subject: mailSubject(message),
    text,
    html: renderMailHtml(message, looksJapanese(text) ? "ja" : "en"),
    messageId: complete(envelope.messageId ?? `kyodo.${retryKey ?? randomUUID()}`),
    ...(envelope.replyToken ? { replyTo: replyAddress(envelope.replyToken, settings.domain) } : {}),
    ...(envelope.inReplyTo ? { inReplyTo: complete(envelope.inReplyTo) } : {}),
    ...(envelope.references && envelope.references.length > 0 ? { references: envelope.references.map(complete) } : {}),
    headers,
    ...(settings.bounceSecret && retryKey
      ? { envelope: { from: bounceAddress(retryKey, settings.bounceSecret, settings.domain), to: ref.conversationId } }
      : {}),
  };
}

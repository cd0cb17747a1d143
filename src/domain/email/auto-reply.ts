// Mail that no person wrote: bounces, out-of-office replies (不在通知), list and bulk mail. Such a message
// is stored but never read as a vote nor answered — answering an autoresponder is how mail loops start.

export interface AutoReplySigns {
  /** the envelope sender; "" is the null sender of bounces */
  envelopeFrom: string;
  /** header name (lower case) → value, as mailparser gives them */
  headers: ReadonlyMap<string, unknown>;
  contentType?: string;
  subject?: string;
}

const AUTO_SUBJECT =
  /^(?:自動応答|自動返信|不在(?:通知|のお知らせ|連絡)?|automatic reply|auto(?:matic)?[- ]?reply|out of (?:the )?office|undeliverable|delivery status notification|mail delivery failed|returned mail)\b|^【?(?:自動応答|自動返信|不在)/i;

function headerText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  // Structured headers (content-type and the like) come as { value, params }.
  if (typeof value === "object" && "value" in value) return headerText(value.value);
  return typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

export function isAutomaticMail(signs: AutoReplySigns): boolean {
  if (signs.envelopeFrom === "") return true;
  const auto = headerText(signs.headers.get("auto-submitted")).trim().toLowerCase();
  if (auto !== "" && !auto.startsWith("no")) return true;
  if (/^(?:bulk|junk|list|auto_reply)$/i.test(headerText(signs.headers.get("precedence")).trim())) return true;
  if (signs.headers.has("x-autoreply") || signs.headers.has("x-autorespond") || signs.headers.has("list-id")) return true;
  if (/^multipart\/report/i.test(signs.contentType ?? headerText(signs.headers.get("content-type")))) return true;
  return AUTO_SUBJECT.test((signs.subject ?? "").trim());
}

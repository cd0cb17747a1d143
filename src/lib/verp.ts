// Bounce addresses (VERP): each email Kyodo sends carries its own envelope sender,
// bounce+<delivery key>.<signature>@<mail domain>, so a bounce that arrives days after the relay accepted
// the message says which delivery failed. The signature (an HMAC of the key) means nobody who saw one
// address can make up another and fail someone else's delivery. Shared by the email adapter (which signs
// and checks at RCPT) and the domain (which reads the key); it knows nothing else of either.
import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "bounce+";
const SIGNATURE_HEX = 16;

function sign(key: string, secret: string): string {
  return createHmac("sha256", secret).update(`bounce:${key}`).digest("hex").slice(0, SIGNATURE_HEX);
}

/** The envelope sender for one delivery; keys are Kyodo's own (UUIDs), lower case, no dots. */
export function bounceAddress(key: string, secret: string, domain: string): string {
  return `${PREFIX}${key}.${sign(key, secret)}@${domain}`;
}

/** Whether the address is meant as a bounce address at all (signed or not). */
export function looksLikeBounceAddress(address: string, domain: string): boolean {
  const at = address.lastIndexOf("@");
  return at > 0 && address.slice(at + 1).toLowerCase() === domain.toLowerCase() && address.slice(0, at).toLowerCase().startsWith(PREFIX);
}

/** The delivery key of a correctly signed bounce address, or undefined. */
export function readBounceAddress(address: string, secret: string, domain: string): string | undefined {
  if (!looksLikeBounceAddress(address, domain)) return undefined;
  const local = address.slice(PREFIX.length, address.lastIndexOf("@")).toLowerCase();
  const dot = local.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const key = local.slice(0, dot);
  const given = Buffer.from(local.slice(dot + 1));
  const expected = Buffer.from(sign(key, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? key : undefined;
}

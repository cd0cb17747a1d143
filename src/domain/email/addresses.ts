// Email addresses as Kyodo compares them, and the addresses a person is known by: the one on their
// record (Person.email), the one they receive Kyodo's email at, and alternates the secretariat
// registered. A reply counts only when it comes from one of these.
import type { DbOrTx } from "../../storage/database.ts";

/** The chat identity that makes a person receive email (see email-optin.ts). */
export const EMAIL_PLATFORM = "email";
export const EMAIL_WORKSPACE = "email";

/** Lower-cased, trimmed, full-width characters folded (a typed ＠ or full-width letters). */
export function normalizeAddress(address: string): string {
  return address.normalize("NFKC").trim().replace(/^<|>$/g, "").toLowerCase();
}

/** RFC 5321's limit; checked before the pattern, which backtracks on a very long string of letters. */
export const MAX_ADDRESS_CHARS = 254;

export function isPlausibleAddress(address: string): boolean {
  if (address.length > MAX_ADDRESS_CHARS) return false;
  return /^[^\s@<>()",;]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(address);
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

/** Where a person receives Kyodo's email, when they chose email. */
export async function emailDeliveryAddress(db: DbOrTx, personId: string): Promise<string | undefined> {
  const identity = await db.chatIdentity.findFirst({ where: { personId, platform: EMAIL_PLATFORM } });
  return identity?.externalUserId;
}

/** Every address a reply from this person may come from. */
export async function registeredAddresses(db: DbOrTx, personId: string): Promise<Set<string>> {
  const person = await db.person.findUniqueOrThrow({ where: { id: personId }, select: { email: true } });
  const identities = await db.chatIdentity.findMany({ where: { personId, platform: EMAIL_PLATFORM }, select: { externalUserId: true } });
  const aliases = await db.emailAlias.findMany({ where: { personId }, select: { address: true } });
  return new Set(
    [person.email, ...identities.map((i) => i.externalUserId), ...aliases.map((a) => a.address)]
      .filter((a): a is string => Boolean(a))
      .map(normalizeAddress),
  );
}

/** The ConversationRef (as stored in deliveries) of an email address. */
export function emailTarget(address: string): string {
  return JSON.stringify({ platform: EMAIL_PLATFORM, workspace: EMAIL_WORKSPACE, conversationId: address, isDirect: true });
}

// Enrolment codes are 8 characters typed by hand; a guesser must not get many tries. Wrong codes are
// counted per chat account and per code (durably, so a restart or a second process does not reset
// them), whichever way the code was sent — the `link` conversation or `link <code>` directly. Past the
// limit the account (or code) is refused without the code being looked at, for the rest of the window;
// when a lockout starts, the secretariat is told, since someone may be trying to take over an account.
import type { Db } from "../../storage/database.ts";
import { translator } from "../../engine/i18n.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import { DomainError } from "../errors.ts";
import { SECRETARIAT_ROLES } from "../access/policy.ts";
import { hashCode } from "./enrolment-code.ts";
import { redeemEnrolmentCode, type ChatAccount } from "./redeem-enrolment-code.ts";

export const LINK_LIMITS = {
  /** wrong codes allowed in the short window before a lockout */
  shortFailures: 5,
  shortWindowMs: 15 * 60_000,
  /** wrong codes allowed in a day, however slowly they come */
  dayFailures: 20,
  dayWindowMs: 24 * 60 * 60_000,
} as const;

const accountKey = (a: ChatAccount) => `account:${a.platform}:${a.workspace}:${a.externalUserId}`;
const codeKey = (code: string) => `code:${hashCode(code)}`;

async function lockedFor(db: Db, key: string, now: Date): Promise<number | undefined> {
  const since = new Date(now.getTime() - LINK_LIMITS.dayWindowMs);
  const recent = await db.linkAttempt.findMany({ where: { key, at: { gt: since } }, orderBy: { at: "desc" }, select: { at: true } });
  const shortSince = now.getTime() - LINK_LIMITS.shortWindowMs;
  const short = recent.filter((r) => r.at.getTime() > shortSince);
  if (recent.length >= LINK_LIMITS.dayFailures)
    return recent[LINK_LIMITS.dayFailures - 1]!.at.getTime() + LINK_LIMITS.dayWindowMs - now.getTime();
  if (short.length >= LINK_LIMITS.shortFailures)
    return short[LINK_LIMITS.shortFailures - 1]!.at.getTime() + LINK_LIMITS.shortWindowMs - now.getTime();
  return undefined;
}

/** Redeems a code unless the account or the code is locked out; a wrong code is counted. */
export async function redeemThrottled(db: Db, account: ChatAccount, code: string, now = new Date()) {
  const keys = [accountKey(account), codeKey(code)];
  for (const key of keys) {
    const waitMs = await lockedFor(db, key, now);
    if (waitMs !== undefined) throw new DomainError("security.linkLocked", { minutes: Math.max(1, Math.ceil(waitMs / 60_000)) });
  }
  try {
    return await redeemEnrolmentCode(db, account, code, now);
  } catch (error) {
    if (error instanceof DomainError && error.key === "link.invalidCode") await recordFailure(db, account, keys, now);
    throw error;
  }
}

async function recordFailure(db: Db, account: ChatAccount, keys: string[], now: Date): Promise<void> {
  await db.linkAttempt.createMany({ data: keys.map((key) => ({ key, at: now })) });
  const lockedNow = (await lockedFor(db, keys[0]!, now)) !== undefined;
  if (!lockedNow) return;
  await appendAuditEntry(db, {
    actor: "system:link-throttle",
    action: "identities.linkLocked",
    subject: keys[0]!,
    payload: { platform: account.platform, workspace: account.workspace },
    at: now,
  });
  const secretariat = await db.personRole.findMany({ where: { role: { in: [...SECRETARIAT_ROLES] } }, select: { personId: true } });
  const windowStart = Math.floor(now.getTime() / LINK_LIMITS.shortWindowMs);
  await queueMessages(db, {
    // one notice per account per window, however many refused tries follow
    source: `link-locked:${keys[0]}:${windowStart}`,
    personIds: secretariat.map((r) => r.personId),
    notBefore: now,
    // The notice names the platform and account id (which the secretariat can look up), never a code.
    render: (locale) => {
      const text = translator(locale)("security.linkLockedNotice", { platform: account.platform, account: account.externalUserId });
      return { text, blocks: [{ type: "text", text }] };
    },
  });
}

// Signing in to the web console without passwords (issue #20): a person asks in chat (`/kyodo web`) or the
// operator on the CLI (`kyodo web link <person>`), and gets a link that works once, for ten minutes. Opening it
// starts a session that ends after eight idle hours. Links and sessions are stored only as hashes of their
// tokens, so the database alone signs nobody in; each sign-in and sign-out is audited.
import { createHash, randomBytes } from "node:crypto";
import type { Db, DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";

export const LINK_TTL_MS = 10 * 60_000;
export const SESSION_IDLE_MS = 8 * 3600_000;
/** lastSeenAt is written at most this often, so browsing does not write on every page */
const TOUCH_EVERY_MS = 60_000;

export const newToken = (): string => randomBytes(32).toString("base64url");
export const hashToken = (purpose: "link" | "session", token: string): string =>
  createHash("sha256").update(`kyodo-console-${purpose}:${token}`).digest("hex");

/** A new one-time sign-in link token for this person. The plain token is returned once and never stored. */
export async function issueConsoleLink(db: Db, input: { personId: string; createdBy: string }, now: Date) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  await db.$transaction(async (tx) => {
    await tx.consoleLink.create({
      data: { personId: input.personId, tokenHash: hashToken("link", token), expiresAt, createdBy: input.createdBy },
    });
    await appendAuditEntry(tx, {
      actor: input.createdBy,
      action: "console.link.issue",
      subject: `person:${input.personId}`,
      at: now,
      payload: { expiresAt: expiresAt.toISOString() },
    });
  });
  return { token, expiresAt };
}

/**
 * Uses a sign-in link: once, before it expires. Marking it used and creating the session happen in one
 * transaction, and only the call that flips usedAt gets a session — two tabs opening the same link get one.
 */
export async function redeemConsoleLink(db: Db, token: string, now: Date): Promise<{ sessionToken: string; personId: string } | undefined> {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const tokenHash = hashToken("link", token);
  return db.$transaction(async (tx) => {
    const { count } = await tx.consoleLink.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count === 0) return undefined;
    const link = await tx.consoleLink.findUniqueOrThrow({ where: { tokenHash } });
    const sessionToken = newToken();
    const session = await tx.consoleSession.create({
      data: { personId: link.personId, tokenHash: hashToken("session", sessionToken), createdAt: now, lastSeenAt: now },
    });
    await appendAuditEntry(tx, {
      actor: `person:${link.personId}`,
      action: "console.signIn",
      subject: `person:${link.personId}`,
      at: now,
      payload: { session: session.id, channel: "web" },
    });
    return { sessionToken, personId: link.personId };
  });
}

export interface ConsolePerson {
  sessionId: string;
  personId: string;
  councilId: string;
  handle: string;
  displayName: string;
  locale: string;
  roles: string[];
}

/** The person behind a session cookie, or undefined when it is unknown, ended or idle too long. */
export async function findConsoleSession(db: DbOrTx, token: string, now: Date): Promise<ConsolePerson | undefined> {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const session = await db.consoleSession.findUnique({ where: { tokenHash: hashToken("session", token) } });
  if (!session || session.endedAt || now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return undefined;
  const person = await db.person.findUnique({ where: { id: session.personId }, include: { roles: true } });
  if (!person || person.retiredAt) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await db.consoleSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  return {
    sessionId: session.id,
    personId: person.id,
    councilId: person.councilId,
    handle: person.handle,
    displayName: person.displayName,
    locale: person.locale,
    roles: person.roles.map((r) => r.role),
  };
}

export async function endConsoleSession(db: Db, session: ConsolePerson, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.consoleSession.updateMany({ where: { id: session.sessionId, endedAt: null }, data: { endedAt: now } });
    if (count === 0) return;
    await appendAuditEntry(tx, {
      actor: `person:${session.personId}`,
      action: "console.signOut",
      subject: `person:${session.personId}`,
      at: now,
      payload: { session: session.sessionId, channel: "web" },
    });
  });
}

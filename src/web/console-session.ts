// The console's session cookie and its CSRF token. The cookie is HttpOnly (no script reads it), SameSite=Lax
// (other sites' forms do not carry it), Secure when the browser reached Kyodo over TLS (directly or through a
// proxy that says so in X-Forwarded-Proto), and scoped to /console/. Every form carries a token derived from the
// session's secret token, which another site cannot read or compute, and every POST is refused without it.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";

export const SESSION_COOKIE = "kyodo_console";
const COOKIE_PATH = "/console/";

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.header("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The browser reached us over TLS: directly, or through a proxy that terminated it. */
export function overTls(req: Request): boolean {
  const forwarded = req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return req.secure || forwarded === "https";
}

function cookieFlags(req: Request): string {
  return `Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax${overTls(req) ? "; Secure" : ""}`;
}

/** A session cookie (no Max-Age: it goes with the browser; the server ends it after eight idle hours). */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.append("Set-Cookie", `${SESSION_COOKIE}=${token}; ${cookieFlags(req)}`);
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append("Set-Cookie", `${SESSION_COOKIE}=; Max-Age=0; ${cookieFlags(req)}`);
}

/** The CSRF token of a session: a one-way function of its secret token. */
export function csrfToken(sessionToken: string): string {
  return createHash("sha256").update(`kyodo-console-csrf:${sessionToken}`).digest("base64url");
}

export function csrfMatches(sessionToken: string, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const expected = Buffer.from(csrfToken(sessionToken));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

// DKIM, SPF and DMARC results of a reply, summed up for the record, and the council's policy on them.
// Token and sender match are always required; the policy can add a passing DKIM signature of the sender's
// own domain (require-dkim) or a passing DMARC check (require-dmarc). Mail inside LGWAN is often unsigned,
// so the default only records the results — a failing signature is still recorded and flagged for review.
import type { AuthenticateResult } from "mailauth";
import { relayTrusted, type TrustedRelays } from "./trusted-relays.ts";

export const AUTH_POLICIES = ["record", "require-dkim", "require-dmarc"] as const;
export type AuthPolicy = (typeof AUTH_POLICIES)[number];

export interface AuthSummary {
  /** signatures of the From domain (or its parent): pass if one verifies, fail if one is there but broken, else none */
  dkim: string;
  spf: string;
  dmarc: string;
  /** every signature: domain, selector, result */
  signatures: Array<{ domain: string; selector: string; result: string; comment?: string; aligned: boolean }>;
}

/** d= aligns with the From domain when it is that domain or a parent of it (relaxed alignment). */
export function aligned(signingDomain: string, fromDomain: string): boolean {
  const d = signingDomain.toLowerCase().replace(/\.$/, "");
  const f = fromDomain.toLowerCase().replace(/\.$/, "");
  return d.includes(".") && (f === d || f.endsWith(`.${d}`));
}

/** A signature that is there but does not verify: altered in transit, or forged. mailauth reports a body
 *  that no longer matches its hash as "neutral" (RFC 6376 leaves it open); for the record it is a failure. */
const BROKEN = new Set(["fail", "neutral", "permerror", "policy"]);

export function summarizeAuth(result: Pick<AuthenticateResult, "dkim" | "spf" | "dmarc">, fromDomain: string): AuthSummary {
  // mailauth reports an unsigned message as one result without a domain: there is no signature to list.
  const signatures = (result.dkim?.results ?? [])
    .filter((r) => r.signingDomain)
    .map((r) => ({
      domain: r.signingDomain ?? "",
      selector: r.selector ?? "",
      result: r.status?.result ?? "none",
      ...(r.status?.comment ? { comment: r.status.comment } : {}),
      aligned: aligned(r.signingDomain ?? "", fromDomain),
    }));
  // A third party's signature (a mailing list, the relay) says nothing about the sender.
  const own = signatures.filter((s) => s.aligned).map((s) => s.result);
  const dkim = own.includes("pass") ? "pass" : own.some((r) => BROKEN.has(r)) ? "fail" : own.length > 0 ? "temperror" : "none";
  return {
    dkim,
    spf: result.spf ? result.spf.status.result : "none",
    dmarc: result.dmarc ? result.dmarc.status.result : "none",
    signatures,
  };
}

export function policyAllows(policy: AuthPolicy, auth: AuthSummary): boolean {
  switch (policy) {
    case "record":
      return true;
    case "require-dkim":
      return auth.dkim === "pass";
    case "require-dmarc":
      return auth.dmarc === "pass";
  }
}

/** A failing signature of the sender's own domain: the message may have been altered or forged. */
export function worthReview(auth: AuthSummary): boolean {
  return auth.dkim === "fail";
}

export type AuthVerdict = { count: true } | { count: false; reason: "policy" | "dmarc_fail" | "untrusted_relay" };

/**
 * Whether a reply's vote may be counted. On top of the council's policy, two rules hold under every
 * policy, including the default `record`: a vote is never counted when the sender's domain publishes
 * DMARC and the message fails it (a forged From:, e.g. a forwarded ballot email sent on by someone
 * else); and when the council names its relays (MAIL_TRUSTED_RELAYS), a message without a passing
 * aligned signature or DMARC counts only when it came through one of them. Otherwise it is held for
 * review, not lost.
 */
export function judgeAuth(
  policy: AuthPolicy,
  auth: AuthSummary,
  origin: { remoteAddress: string; trustedRelays?: TrustedRelays },
): AuthVerdict {
  if (auth.dmarc === "fail") return { count: false, reason: "dmarc_fail" };
  if (!policyAllows(policy, auth)) return { count: false, reason: "policy" };
  const authenticated = auth.dkim === "pass" || auth.dmarc === "pass";
  if (!authenticated && origin.trustedRelays && !relayTrusted(origin.trustedRelays, origin.remoteAddress))
    return { count: false, reason: "untrusted_relay" };
  return { count: true };
}

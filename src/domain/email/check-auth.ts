// Runs DKIM, SPF and DMARC on a received message with mailauth (a maintained implementation of all three)
// and sums the results up. The DNS resolver is configurable — MAIL_DNS_SERVERS in production, a fixed
// table in tests — and lookups are bounded in time: inside LGWAN, public DNS may simply not answer.
import { Resolver } from "node:dns/promises";
import type { DNSResolver } from "mailauth";
import { loadMailAuth } from "../../lib/load-on-first-use.ts";
import { summarizeAuth, type AuthSummary } from "./auth-policy.ts";

export type { DNSResolver };

export interface AuthCheckInput {
  raw: Buffer;
  remoteAddress: string;
  helo: string;
  envelopeFrom: string;
  fromDomain: string;
  /** the receiving host's name, written into the results */
  mta: string;
}

export const AUTH_TIMEOUT_MS = 15_000;

/** Lookups through the named DNS servers (MAIL_DNS_SERVERS), or the system's resolver when none are named. */
export function dnsResolver(servers: string | undefined): DNSResolver | undefined {
  if (!servers) return undefined;
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  resolver.setServers(
    servers
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
}

export async function checkAuth(
  input: AuthCheckInput,
  resolver: DNSResolver | undefined,
  timeoutMs = AUTH_TIMEOUT_MS,
): Promise<AuthSummary & { error?: string }> {
  // Loaded before the clock starts: an import cannot outlast the timeout's unhandled rejection.
  const { authenticate } = await loadMailAuth();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`authentication checks took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([
      authenticate(input.raw, {
        ip: input.remoteAddress.replace(/^::ffff:/, ""),
        helo: input.helo,
        sender: input.envelopeFrom || undefined,
        mta: input.mta,
        disableBimi: true,
        disableArc: true,
        ...(resolver ? { resolver } : {}),
      }),
      timeout,
    ]);
    return summarizeAuth(result, input.fromDomain);
  } catch (error) {
    // DNS that does not answer is not a forgery: recorded as a temporary error, the policy decides.
    return { dkim: "temperror", spf: "temperror", dmarc: "temperror", signatures: [], error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

// The access token of the Bot API, from the service-account grant (auth-jwt, "Service Account 認証"):
// a JWT with the app's Client ID as `iss` and the service account as `sub`, signed RS256 with the app's
// private key (RFC 7515/7519), is exchanged at {auth}/oauth2/v2.0/token with
// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer, the client id and secret and the scopes
// (RFC 7523). An access token lives 1 or 24 hours (`expires_in`); it is cached, renewed a while before it
// expires, and renewed at once when the API says it is no longer valid (401). Concurrent callers share
// one token request. The private key and the tokens never reach a log.
import { createPrivateKey, createSign, type KeyObject } from "node:crypto";
import { DeliveryError } from "../../engine/adapter.ts";
import { parseRetryAfter } from "../../lib/retry-policy.ts";

export const DEFAULT_AUTH_BASE_URL = "https://auth.worksmobile.com";
/** `bot` sends messages and sets the persistent menu; `bot.read` reads talk rooms and their members. */
export const DEFAULT_SCOPES = "bot bot.read";
/** The JWT is used once, at once; a short life limits what a copy of it is worth. */
const ASSERTION_LIFETIME_S = 10 * 60;
/** A token is renewed when less than this is left, so no request starts with one about to expire. */
const RENEW_MARGIN_MS = 5 * 60 * 1000;

export interface ServiceAccountCredentials {
  clientId: string;
  clientSecret: string;
  serviceAccount: string;
  /** PEM (PKCS#8 "BEGIN PRIVATE KEY", as the Developer Console issues it) */
  privateKey: string;
  authBaseUrl?: string;
  scopes?: string;
}

export class AccessTokenSource {
  private readonly credentials: ServiceAccountCredentials;
  private readonly key: KeyObject;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private cached: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(credentials: ServiceAccountCredentials, options: { now?: () => number; timeoutMs?: number } = {}) {
    this.credentials = credentials;
    // Parsed once, at start: a damaged key stops startup with a clear error instead of failing each send.
    this.key = createPrivateKey(credentials.privateKey);
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** A valid token: the cached one, or a new one when it is missing, expiring, or `stale` (refused by the API). */
  async token(stale?: string): Promise<string> {
    if (stale !== undefined && this.cached?.token === stale) this.cached = undefined;
    if (this.cached && this.cached.expiresAt - RENEW_MARGIN_MS > this.now()) return this.cached.token;
    this.pending ??= this.request().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The signed JWT of the grant (exported for tests of its claims). */
  assertion(): string {
    const iat = Math.floor(this.now() / 1000);
    const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
    const claims = base64url(
      JSON.stringify({ iss: this.credentials.clientId, sub: this.credentials.serviceAccount, iat, exp: iat + ASSERTION_LIFETIME_S }),
    );
    const signature = createSign("RSA-SHA256").update(`${header}.${claims}`).sign(this.key).toString("base64url");
    return `${header}.${claims}.${signature}`;
  }

  private async request(): Promise<string> {
    const url = `${(this.credentials.authBaseUrl ?? DEFAULT_AUTH_BASE_URL).replace(/\/+$/, "")}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      assertion: this.assertion(),
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      scope: this.credentials.scopes ?? DEFAULT_SCOPES,
    });
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new DeliveryError(`LINE WORKS token request failed: ${error instanceof Error ? error.name : "network"}`, { retryable: true });
    }
    const text = await response.text();
    if (!response.ok) {
      // Only the error code goes into the message: the body could echo what was sent.
      const code = safeJson(text)?.error;
      throw new DeliveryError(`LINE WORKS token request refused: ${response.status} ${typeof code === "string" ? code : ""}`.trim(), {
        retryable: response.status === 429 || response.status >= 500,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
        status: response.status,
      });
    }
    const json = safeJson(text);
    const token = json?.access_token;
    // expires_in is a number of seconds, which LINE WORKS writes as a string ("86400").
    const lifetime = Number(json?.expires_in);
    if (typeof token !== "string" || token.length === 0 || !Number.isFinite(lifetime) || lifetime <= 0)
      throw new DeliveryError("LINE WORKS token response without a usable access token", { retryable: true });
    this.cached = { token, expiresAt: this.now() + lifetime * 1000 };
    return token;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

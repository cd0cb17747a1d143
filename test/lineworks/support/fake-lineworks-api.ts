// A stand-in for LINE WORKS on loopback, for tests: the auth server's token endpoint and the Bot API.
// The token endpoint takes the service-account grant as LINE WORKS documents it (auth-jwt) and checks the
// JWT for real: RS256 signature against the public key of the key pair the test generated, `iss` = the
// client id, `sub` = the service account, iat/exp current and at most an hour apart, plus the client
// secret and the `bot` scope. Message endpoints check the bearer token and enforce the documented limits
// (limits.ts names the pages), record every call, and fail on demand (429, 500, a token expired early).
import { createVerify, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export const BOT_ID = "2000001";
export const CLIENT_ID = "kyodoTestClientId";
export const CLIENT_SECRET = "kyodo-test-client-secret";
export const SERVICE_ACCOUNT = "abcde.serviceaccount@kyodo-test";

/** The parts of a content or action the fake reads (and tests look at); anything else passes through. */
export interface ContentShape {
  type?: string;
  text?: string;
  contentText?: string;
  altText?: string;
  label?: string;
  postback?: string;
  data?: string;
  displayText?: string;
  uri?: string;
  actions?: ContentShape[];
  contents?: ContentShape | ContentShape[];
  quickReply?: { items?: Array<{ action?: ContentShape }> };
  coverData?: { title?: string };
  elements?: Array<{ title?: string; subtitle?: string; action?: ContentShape[] }>;
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  status: number;
}

export interface Delivery {
  /** "users/<id>" or "channels/<id>" */
  to: string;
  content: ContentShape;
}

export interface Failure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
/** The key pair of the test app: the private half goes to Kyodo, the public half checks its JWTs. */
export const PRIVATE_KEY_PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

export class FakeLineWorks {
  readonly calls: RecordedCall[] = [];
  readonly deliveries: Delivery[] = [];
  /** the last persistent menu set */
  persistentMenu: { actions: ContentShape[] } | undefined;
  /** what the token endpoint says a token lives, in seconds (LINE WORKS writes it as a string) */
  tokenLifetimeS = 86_400;
  /** flexible templates are refused (400) while this is set, as LINE WORKS refuses one it cannot show */
  refuseFlex = false;
  /** list templates are refused (400) while this is set */
  refuseList = false;
  /** the auth server's clock (tests that move Kyodo's clock move this one with it) */
  now: () => number = Date.now;
  /** the JWT claims of every accepted grant */
  readonly grants: Array<Record<string, unknown>> = [];
  private readonly validTokens = new Set<string>();
  private readonly failures: Array<{ match: string; failure: Failure }> = [];
  private readonly verifyKey: KeyObject = publicKey;
  private server: Server | undefined;

  get baseUrl(): string {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("fake LINE WORKS not started");
    return `http://127.0.0.1:${address.port}`;
  }

  /** LINEWORKS_API_BASE_URL */
  get apiBaseUrl(): string {
    return `${this.baseUrl}/v1.0`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next requests whose path contains `match` fail as given, one failure per request, in order. */
  failNext(match: string, ...failures: Failure[]): void {
    for (const failure of failures) this.failures.push({ match, failure });
  }

  /** Every token issued so far stops working, as when a token expires earlier than Kyodo thought. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  reset(): void {
    this.calls.length = 0;
    this.deliveries.length = 0;
    this.failures.length = 0;
  }

  callsTo(fragment: string): RecordedCall[] {
    return this.calls.filter((c) => c.path.includes(fragment));
  }

  deliveriesTo(to: string): Delivery[] {
    return this.deliveries.filter((d) => d.to === to);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0]!;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const contentType = headers["content-type"] ?? "";
    const body = (contentType.includes("json") && raw ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw))) as Record<
      string,
      unknown
    >;
    const call: RecordedCall = { method: req.method ?? "GET", path, headers, body, status: 0 };
    this.calls.push(call);
    const answer = (status: number, payload: unknown = {}, extra: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { "content-type": "application/json", ...extra });
      res.end(JSON.stringify(payload));
    };
    const index = this.failures.findIndex((f) => path.includes(f.match));
    if (index >= 0) {
      const { failure } = this.failures.splice(index, 1)[0]!;
      return answer(failure.status, failure.body ?? { code: `INJECTED_${failure.status}` }, failure.headers);
    }
    if (req.method === "POST" && path === "/oauth2/v2.0/token") return this.token(body as Record<string, string>, answer);
    if (!path.startsWith("/v1.0/")) return answer(404, { code: "NOT_FOUND" });
    const bearer = headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    if (!bearer || !this.validTokens.has(bearer)) return answer(401, { code: "UNAUTHORIZED", description: "Authentication failed" });

    const send = path.match(/^\/v1\.0\/bots\/([^/]+)\/(users|channels)\/([^/]+)\/messages$/);
    if (req.method === "POST" && send) {
      if (send[1] !== BOT_ID) return answer(404, { code: "BOT_NOT_FOUND" });
      const content = body.content as ContentShape | undefined;
      const problem =
        checkContent(content) ??
        (this.refuseFlex && content?.type === "flex" ? "flexible template refused" : undefined) ??
        (this.refuseList && content?.type === "list_template" ? "list template refused" : undefined);
      if (problem) return answer(400, { code: "INVALID_PARAMETER", description: problem });
      this.deliveries.push({ to: `${send[2]}/${decodeURIComponent(send[3]!)}`, content: content! });
      return answer(201, {});
    }
    if (req.method === "POST" && path === `/v1.0/bots/${BOT_ID}/persistentmenu`) {
      const menu = body.content as { actions?: ContentShape[] } | undefined;
      const actions = menu?.actions;
      if (!Array.isArray(actions) || actions.length === 0 || actions.length > 4)
        return answer(400, { code: "INVALID_PARAMETER", description: "content.actions: 1 to 4 buttons" });
      for (const action of actions) {
        const problem = checkAction(action, "persistentMenu");
        if (problem) return answer(400, { code: "INVALID_PARAMETER", description: problem });
      }
      this.persistentMenu = { actions };
      return answer(201, body);
    }
    return answer(404, { code: "NOT_FOUND" });
  }

  private token(form: Record<string, string>, answer: (status: number, payload?: unknown) => void): void {
    const refuse = (description: string) => answer(400, { error: "invalid_request", error_description: description });
    if (form.grant_type !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return refuse("grant_type");
    if (form.client_id !== CLIENT_ID || form.client_secret !== CLIENT_SECRET) return answer(401, { error: "invalid_client" });
    if (!(form.scope ?? "").split(/[ ,]+/).includes("bot")) return refuse("scope must include bot");
    const parts = (form.assertion ?? "").split(".");
    if (parts.length !== 3) return refuse("assertion is not a JWT");
    const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
    let header: { alg?: unknown };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8")) as { alg?: unknown };
      claims = JSON.parse(Buffer.from(claimsPart, "base64url").toString("utf8")) as Record<string, unknown>;
    } catch {
      return refuse("assertion is not base64url JSON");
    }
    // RFC 7515: base64url without padding.
    if ([headerPart, claimsPart, signaturePart].some((p) => /[=+/]/.test(p))) return refuse("not base64url");
    if (header.alg !== "RS256") return refuse("alg must be RS256");
    const signed = createVerify("RSA-SHA256")
      .update(`${headerPart}.${claimsPart}`)
      .verify(this.verifyKey, Buffer.from(signaturePart, "base64url"));
    if (!signed) return answer(401, { error: "invalid_grant", error_description: "signature" });
    const now = Math.floor(this.now() / 1000);
    if (claims.iss !== CLIENT_ID) return refuse("iss");
    if (claims.sub !== SERVICE_ACCOUNT) return refuse("sub");
    if (typeof claims.iat !== "number" || typeof claims.exp !== "number") return refuse("iat and exp must be numbers");
    if (claims.iat > now + 60 || claims.exp <= now || claims.exp - claims.iat > 3600)
      return answer(401, { error: "invalid_grant", error_description: "expired" });
    this.grants.push(claims);
    const accessToken = `works-${randomUUID()}`;
    this.validTokens.add(accessToken);
    answer(200, {
      access_token: accessToken,
      refresh_token: `refresh-${randomUUID()}`,
      scope: form.scope,
      token_type: "Bearer",
      expires_in: String(this.tokenLifetimeS),
    });
  }
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** What LINE WORKS would refuse in a content, or undefined when it is within the documented limits. */
export function checkContent(content: ContentShape | undefined): string | undefined {
  if (!content || typeof content !== "object") return "content is required";
  if (content.quickReply !== undefined) {
    const items = content.quickReply.items;
    if (!Array.isArray(items) || items.length === 0 || items.length > 13) return "quickReply.items: 1 to 13";
    for (const item of items) {
      const problem = checkAction(item.action, "quickReply");
      if (problem) return `quickReply: ${problem}`;
    }
  }
  switch (content.type) {
    case "text":
      return typeof content.text === "string" && content.text.length > 0 && content.text.length <= 2000
        ? undefined
        : "text: 1 to 2000 characters";
    case "button_template": {
      if (typeof content.contentText !== "string" || content.contentText.length === 0 || content.contentText.length > 1000)
        return "contentText: 1 to 1000 characters";
      if (!Array.isArray(content.actions) || content.actions.length === 0 || content.actions.length > 10) return "actions: 1 to 10";
      for (const action of content.actions) {
        const problem = checkAction(action, "buttonTemplate");
        if (problem) return problem;
      }
      return undefined;
    }
    case "list_template": {
      const elements = content.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 4) return "elements: 1 to 4";
      if ((content.coverData?.title ?? "").length > 1000) return "coverData.title: up to 1000";
      for (const element of elements) {
        if (typeof element.title !== "string" || element.title.length === 0 || element.title.length > 1000) return "elements[].title";
        if ((element.subtitle ?? "").length > 1000) return "elements[].subtitle: up to 1000";
        for (const action of element.action ?? []) {
          const problem = checkAction(action, "buttonTemplate");
          if (problem) return problem;
        }
      }
      return undefined;
    }
    case "flex": {
      if (typeof content.altText !== "string" || content.altText.length === 0 || content.altText.length > 400) return "altText";
      const c = content.contents as ContentShape | undefined;
      if (c?.type === "bubble") return bytes(c) <= 30_000 ? undefined : "bubble larger than 30 KB";
      if (c?.type === "carousel")
        return Array.isArray(c.contents) && c.contents.length <= 10 && bytes(c) <= 15_000 ? undefined : "carousel: 10 bubbles, 15 KB";
      return "contents: bubble or carousel";
    }
    default:
      return `content type not supported here: ${String(content.type)}`;
  }
}

function checkAction(action: ContentShape | undefined, where: "quickReply" | "buttonTemplate" | "persistentMenu"): string | undefined {
  if (!action || typeof action !== "object") return "action is required";
  const labelMax = where === "persistentMenu" ? 1000 : 20;
  if (typeof action.label !== "string" || action.label.length === 0 || action.label.length > labelMax) return `label: 1 to ${labelMax}`;
  if (action.type === "message") {
    if (action.postback !== undefined && (typeof action.postback !== "string" || action.postback.length > 1000))
      return "postback: up to 1000";
    if (where === "quickReply" && (typeof action.text !== "string" || action.text.length === 0)) return "text is required in a quick reply";
    if (action.text !== undefined && action.text.length > 300) return "text: up to 300";
    return undefined;
  }
  if (action.type === "postback") {
    if (where !== "quickReply") return "postback actions are not available here";
    if (typeof action.data !== "string" || action.data.length > 300) return "data: up to 300";
    return typeof action.displayText === "string" && action.displayText.length <= 300 ? undefined : "displayText is required";
  }
  if (action.type === "uri") return typeof action.uri === "string" && action.uri.length <= 1000 ? undefined : "uri";
  return `action type ${String(action.type)}`;
}

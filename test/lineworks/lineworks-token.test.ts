// The service-account token against the fake LINE WORKS auth server, which verifies the JWT's RS256
// signature with the public key and its claims: one token serves many sends, it is renewed before it
// expires, and a token LINE WORKS stops accepting (401) is renewed once without losing the message.
// 429 and 5xx go through the shared retry policy.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AccessTokenSource } from "../../src/adapters/lineworks/access-token.ts";
import { LineWorksApi } from "../../src/adapters/lineworks/lineworks-api.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { DeliveryError } from "../../src/engine/adapter.ts";
import { BOT_ID, CLIENT_ID, CLIENT_SECRET, FakeLineWorks, PRIVATE_KEY_PEM, SERVICE_ACCOUNT } from "./support/fake-lineworks-api.ts";

let works: FakeLineWorks;
let now: number;
const credentials = () => ({
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  serviceAccount: SERVICE_ACCOUNT,
  privateKey: PRIVATE_KEY_PEM,
  authBaseUrl: works.baseUrl,
});
function client(tokens = new AccessTokenSource(credentials(), { now: () => now })) {
  return new LineWorksApi({ botId: BOT_ID, tokens, logger: silentLogger(), apiBaseUrl: works.apiBaseUrl });
}
const quick = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxTotalMs: 1_000 };

beforeAll(async () => {
  works = await new FakeLineWorks().start();
});
afterAll(async () => {
  await works.stop();
});
beforeEach(() => {
  works.reset();
  works.tokenLifetimeS = 86_400;
  now = Date.now();
  works.now = () => now;
});

describe("LINE WORKS access token", () => {
  it("is granted for a JWT signed RS256 with the service account's key, with the documented claims", async () => {
    await client().send("users/u1", { type: "text", text: "こんにちは" });
    const grant = works.grants.at(-1)!;
    expect(grant).toMatchObject({ iss: CLIENT_ID, sub: SERVICE_ACCOUNT });
    expect((grant.exp as number) - (grant.iat as number)).toBeLessThanOrEqual(3600);
    const form = works.callsTo("/oauth2/v2.0/token")[0]!.body;
    expect(form).toMatchObject({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", client_id: CLIENT_ID, scope: "bot bot.read" });
    expect(works.deliveries).toEqual([{ to: "users/u1", content: { type: "text", text: "こんにちは" } }]);
  });

  it("is refused when the JWT is signed with another key", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const tokens = new AccessTokenSource({ ...credentials(), privateKey: other });
    const error = await client(tokens)
      .send("users/u1", { type: "text", text: "x" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).status).toBe(401);
    expect(works.deliveries).toEqual([]);
  });

  it("is requested once for many sends, and shared by sends that start together", async () => {
    const api = client();
    await Promise.all([1, 2, 3].map((i) => api.send(`users/u${i}`, { type: "text", text: `${i}` })));
    await api.send("channels/room1", { type: "text", text: "4" });
    expect(works.callsTo("/oauth2/v2.0/token")).toHaveLength(1);
    expect(works.deliveries).toHaveLength(4);
  });

  it("is renewed before it expires", async () => {
    works.tokenLifetimeS = 3600;
    const api = client();
    await api.send("users/u1", { type: "text", text: "1" });
    now += 50 * 60 * 1000;
    await api.send("users/u1", { type: "text", text: "2" });
    expect(works.callsTo("/oauth2/v2.0/token")).toHaveLength(1);
    // Less than five minutes left: renewed before the send rather than failing with it.
    now += 6 * 60 * 1000;
    await api.send("users/u1", { type: "text", text: "3" });
    expect(works.callsTo("/oauth2/v2.0/token")).toHaveLength(2);
    expect(works.calls.filter((c) => c.status === 401)).toEqual([]);
  });

  it("is renewed once when LINE WORKS stops accepting it, and the message still goes out once", async () => {
    const api = client();
    await api.send("users/u1", { type: "text", text: "before" });
    works.expireTokens();
    await api.send("users/u1", { type: "text", text: "after expiry" });
    expect(works.callsTo("/messages").map((c) => c.status)).toEqual([201, 401, 201]);
    expect(works.callsTo("/oauth2/v2.0/token")).toHaveLength(2);
    expect(works.deliveries.map((d) => d.content.text)).toEqual(["before", "after expiry"]);
  });

  it("retries 429 and 5xx through the shared policy; a refusal is not retried", async () => {
    const api = client();
    works.failNext("/users/u1/messages", { status: 429, headers: { "retry-after": "0" } }, { status: 503 });
    await api.send("users/u1", { type: "text", text: "eventually" }, quick);
    expect(works.callsTo("/users/u1/messages").map((c) => c.status)).toEqual([429, 503, 201]);

    works.failNext("/users/u2/messages", { status: 500 });
    const outbox = await api.send("users/u2", { type: "text", text: "x" }).catch((e: unknown) => e);
    expect(outbox).toMatchObject({ retryable: true, status: 500 });

    const refused = await api.send("users/u3", { type: "text", text: "" }, quick).catch((e: unknown) => e);
    expect(refused).toMatchObject({ retryable: false, status: 400 });
    expect(works.callsTo("/users/u3/messages")).toHaveLength(1);
  });
});

// Signed but malformed, and oversized, webhook bodies: each gets a 4xx, nothing is handled, and the
// server keeps answering. These bodies once killed the process (LINE) or drew a 500 and an error log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveredText, startLineKyodo, type LineKyodo } from "../line/support/line-kyodo.ts";
import { sign, textEvent } from "../line/support/line-webhook.ts";

let t: LineKyodo;
beforeAll(async () => {
  t = await startLineKyodo();
});
afterAll(async () => {
  await t.dispose();
});

function postSigned(body: string): Promise<Response> {
  return fetch(`${t.kyodo.baseUrl}/line/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-line-signature": sign(body) },
    body,
  });
}

describe("signed LINE bodies of the wrong shape", () => {
  const bodies = [
    "null",
    '{"events":5}',
    '{"events":[null]}',
    "[]",
    '"text"',
    '{"destination":"U1","events":[{"type":"message"}]}',
    '{"destination":"U1","events":[{"type":"message","webhookEventId":"E1","timestamp":1,"source":{"type":"user","userId":"U1"},"message":{"type":"text"}}]}',
    '{"destination":"U1","events":[{"type":"postback","webhookEventId":"E2","timestamp":1,"source":{"type":"group","userId":"U1"},"postback":{"data":"x"}}]}',
    '{"destination":"U1","events":[{"type":"memberJoined","webhookEventId":"E3","timestamp":1,"source":{"type":"group","groupId":"C1"}}]}',
  ];
  for (const body of bodies) {
    it(`answers 400 to ${body.slice(0, 60)}`, async () => {
      const response = await postSigned(body);
      expect(response.status).toBe(400);
    });
  }

  it("is still up and answering afterwards", async () => {
    await t.adapter.idle();
    t.line.reset();
    await t.send(textEvent({ userId: "U-after-the-storm", text: "help" }));
    expect(deliveredText(t.line.deliveries)).toContain("/kyodo link");
    expect((await fetch(`${t.kyodo.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe("oversized bodies", () => {
  for (const path of ["/line/webhook", "/webhook/chat", "/slack/events", "/mattermost/actions"]) {
    it(`${path} answers 413, not 500`, async () => {
      const body = JSON.stringify({ padding: "x".repeat(1_200_000) });
      const response = await fetch(`${t.kyodo.baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
      // Paths of channels that are not configured here are simply not mounted (404); mounted ones refuse by size.
      expect([413, 404]).toContain(response.status);
      if (path === "/line/webhook") expect(response.status).toBe(413);
    });
  }
});

// Just enough of Slack's Web API for a Kyodo process in a benchmark to run: every call succeeds, and
// chat.postMessage calls are kept per channel (blocks decoded, with the ts answered and when it arrived).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/** The parts of a posted button the benchmarks read. */
export interface Button {
  type: string;
  action_id?: string;
  value?: string;
  text?: { type: string; text: string };
}

/** A chat.postMessage as the fake keeps it. */
export interface Post {
  channel: string;
  text?: string;
  ts: string;
  /** Date.now() when the fake received it */
  at: number;
  blocks?: Array<{ block_id?: string; elements?: Button[] }>;
}

export function fakeSlackWebApi(team: string) {
  const posts = new Map<string, Post[]>();
  let ts = 1_800_000_000;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      const method = (req.url ?? "").split("/").pop() ?? "";
      // The Web API arguments, form-encoded or JSON; the client sends blocks as a JSON string inside a form.
      const body = (
        (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(raw || "{}") : Object.fromEntries(new URLSearchParams(raw))
      ) as Record<string, unknown>;
      if (typeof body.blocks === "string") body.blocks = JSON.parse(body.blocks);
      const answer: Record<string, unknown> = { ok: true };
      if (method === "auth.test") Object.assign(answer, { user_id: "UBOT", bot_id: "BBOT", team_id: team });
      if (method === "conversations.open") answer.channel = { id: `D${typeof body.users === "string" ? body.users.slice(1) : ""}` };
      if (method === "chat.postMessage") {
        const post = { ...body, ts: `${++ts}.000100`, at: Date.now() } as Post;
        answer.ts = post.ts;
        answer.channel = post.channel;
        posts.set(post.channel, [...(posts.get(post.channel) ?? []), post]);
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(answer));
    });
  });
  server.keepAliveTimeout = 60_000;
  return { server, posts };
}

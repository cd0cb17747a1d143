// A stand-in for a Mattermost server on loopback, for tests. It answers the REST API v4 calls Kyodo makes
// (users/me, channels/direct, posts, actions/dialogs/open) with the bot token checked, validates what
// Mattermost validates (message length, action ids and types, dialog field sizes in bytes, trigger ids
// used once), accepts command response URLs five times, and speaks the WebSocket's authentication
// challenge. It also plays the Mattermost side of a person: it sends slash commands with the command
// token, presses buttons by calling their integration URL with their context, submits dialogs and
// writes direct messages — exactly as the server would — and records everything, failing on demand.
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { buttonsOf, checkDialog, checkPost, stripIntegrations } from "./mattermost-checks.ts";
import {
  asAnswer,
  parseJson,
  type CommandResponse,
  type DialogOpenBody,
  type KyodoAnswer,
  type PostBody,
  type WireAction,
  type WireDialog,
  type WireProps,
} from "./mattermost-wire.ts";

export { buttonsOf, checkDialog, checkPost, readable } from "./mattermost-checks.ts";
export type * from "./mattermost-wire.ts";

export const BOT_TOKEN = "mm-bot-token-0123456789";
export const COMMAND_TOKEN = "mm-command-token-abcdef";
export const TEAM = { id: "team0000000000000000000001", name: "chiba-kyogikai" };

export interface Person {
  id: string;
  username: string;
}

export interface Channel {
  id: string;
  name: string;
  type: "O" | "D";
}

export interface StoredPost {
  id: string;
  channel_id: string;
  user_id: string;
  message: string;
  props: WireProps;
  root_id?: string;
  pending_post_id?: string;
  /** ephemeral: shown only to this user, never stored by Mattermost */
  ephemeralFor?: string;
  edits: number;
}

export interface RestCall {
  method: string;
  path: string;
  /** the JSON received (a text that is not JSON as it is); read it as the route's body type, e.g. `as PostBody` */
  body: unknown;
  status: number;
  at: number;
}

export interface OpenDialog {
  userId: string;
  url: string;
  dialog: WireDialog;
  triggerId: string;
}

/** Kyodo's HTTP answer to a request the fake relayed: the status, the JSON object read as Kyodo's answer
 * ({} when there was none) and the text as received. */
export interface Answer {
  status: number;
  body: KyodoAnswer;
  text: string;
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
}

export const mmId = (seed: string) => createHash("sha256").update(seed).digest("hex").slice(0, 26);

export class FakeMattermost {
  readonly bot: Person = { id: mmId("bot:kyodo"), username: "kyodo" };
  readonly calls: RestCall[] = [];
  readonly posts: StoredPost[] = [];
  readonly dialogs: OpenDialog[] = [];
  readonly channels = new Map<string, Channel>();
  /** Kyodo's base URL, where the slash command is configured to go */
  kyodoUrl = "";
  commandToken = COMMAND_TOKEN;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly triggers = new Map<string, { userId: string; used: boolean }>();
  private readonly hooks = new Map<string, { userId: string; channelId: string; uses: number }>();
  private readonly failures: Failure[] = [];

  static async start(): Promise<FakeMattermost> {
    const fake = new FakeMattermost();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    fake.wss = new WebSocketServer({ noServer: true });
    fake.server.on("upgrade", (req, socket, head) => {
      if (req.url !== "/api/v4/websocket") return socket.destroy();
      fake.wss!.handleUpgrade(req, socket, head, (ws) => fake.accept(ws));
    });
    await new Promise<void>((resolve) => fake.server!.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get url(): string {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("fake Mattermost not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  person(username: string): Person {
    return { id: mmId(`user:${username}`), username };
  }

  channel(name: string): Channel {
    const channel: Channel = { id: mmId(`channel:${name}`), name, type: "O" };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The direct channel between the bot and a person, as Mattermost names and numbers it. */
  dmOf(person: Person): Channel {
    const [a, b] = [person.id, this.bot.id].sort();
    const channel: Channel = { id: mmId(`dm:${a}:${b}`), name: `${a}__${b}`, type: "D" };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The next requests matching method and path fail with this status, once each. */
  failNext(method: string, path: RegExp, status: number, times = 1, headers?: Record<string, string>): void {
    for (let i = 0; i < times; i++) this.failures.push({ method, path, status, headers });
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
  }

  callsTo(method: string, path: RegExp): RestCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** What the person sees in a channel, in order: stored posts and the ephemeral ones shown to them. */
  seenIn(channelId: string, person?: Person): StoredPost[] {
    return this.posts.filter((p) => p.channel_id === channelId && (!p.ephemeralFor || p.ephemeralFor === person?.id));
  }

  lastIn(channelId: string, person?: Person): StoredPost {
    const seen = this.seenIn(channelId, person);
    if (seen.length === 0) throw new Error(`nothing posted in ${channelId}`);
    return seen[seen.length - 1]!;
  }

  // ── what a person does, as the Mattermost server relays it ──

  async slash(person: Person, channel: Channel, text: string, token = this.commandToken): Promise<Answer> {
    const triggerId = this.issueTrigger(person.id);
    const hookId = mmId(`hook:${randomUUID()}`);
    this.hooks.set(hookId, { userId: person.id, channelId: channel.id, uses: 0 });
    const form = new URLSearchParams({
      token,
      team_id: TEAM.id,
      team_domain: TEAM.name,
      channel_id: channel.id,
      channel_name: channel.name,
      user_id: person.id,
      user_name: person.username,
      command: "/kyodo",
      text,
      response_url: `http://mattermost.example.lg.jp/hooks/commands/${hookId}`,
      trigger_id: triggerId,
    });
    const response = await fetch(`${this.kyodoUrl}/mattermost/command`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    const answer = await readAnswer(response);
    if (response.status === 200) this.applyCommandResponse(answer.body, person.id, channel.id);
    return answer;
  }

  /** Presses a button (by its name) or picks a menu option (by its text) on a post the person sees. */
  async press(person: Person, post: StoredPost, name: string): Promise<Answer> {
    for (const attachment of post.props?.attachments ?? []) {
      for (const action of attachment.actions ?? []) {
        if (action.type === "button" && action.name === name) return this.callAction(person, post, action);
        const option = action.type === "select" ? action.options?.find((o) => o.text === name) : undefined;
        if (option) return this.callAction(person, post, action, option.value);
      }
    }
    throw new Error(`no button or option "${name}" on post ${post.id}: ${JSON.stringify(buttonsOf(post))}`);
  }

  async callAction(person: Person, post: StoredPost, action: WireAction, selected?: string): Promise<Answer> {
    if (!action.integration) throw new Error(`action "${action.name}" has no integration to call`);
    const channel = this.channels.get(post.channel_id);
    const context = { ...(action.integration?.context ?? {}), ...(selected !== undefined ? { selected_option: selected } : {}) };
    const request = {
      user_id: person.id,
      user_name: person.username,
      channel_id: post.channel_id,
      channel_name: channel?.name ?? "",
      team_id: channel?.type === "D" ? "" : TEAM.id,
      team_domain: channel?.type === "D" ? "" : TEAM.name,
      post_id: post.id,
      trigger_id: this.issueTrigger(person.id),
      type: action.type,
      data_source: "",
      context,
    };
    const response = await fetch(action.integration.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    const answer = await readAnswer(response);
    const body = answer.body;
    if (response.status === 200) {
      // As Mattermost: an update replaces a stored post (an ephemeral one cannot be updated); ephemeral_text is shown to the person.
      if (body.update) {
        if (post.ephemeralFor) throw new Error("Mattermost cannot update an ephemeral post");
        Object.assign(post, {
          message: body.update.message ?? post.message,
          props: body.update.props ?? post.props,
          edits: post.edits + 1,
        });
      }
      if (body.ephemeral_text)
        this.store({ channel_id: post.channel_id, user_id: person.id, message: body.ephemeral_text, props: {}, ephemeralFor: person.id });
    }
    return answer;
  }

  async submitDialog(person: Person, dialog: OpenDialog, submission: Record<string, unknown>, channel: Channel): Promise<Answer> {
    const request = {
      type: "dialog_submission",
      callback_id: dialog.dialog.callback_id,
      state: dialog.dialog.state,
      user_id: person.id,
      channel_id: channel.id,
      team_id: TEAM.id,
      submission,
      cancelled: false,
    };
    const response = await fetch(dialog.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    return readAnswer(response);
  }

  /** The person writes in their direct channel with the bot; the bot's WebSocket hears it. */
  dm(person: Person, text: string): StoredPost {
    const channel = this.dmOf(person);
    const post = this.store({ channel_id: channel.id, user_id: person.id, message: text, props: {} });
    const event = {
      event: "posted",
      data: { channel_type: "D", channel_name: channel.name, sender_name: `@${person.username}`, post: JSON.stringify(post) },
      broadcast: { channel_id: channel.id },
      seq: 1,
    };
    for (const socket of this.sockets) socket.send(JSON.stringify(event));
    return post;
  }

  /** The "posted" event of a post the person wrote, heard again (a WebSocket that reconnected and re-synced). */
  repost(post: StoredPost): void {
    const channel = this.channels.get(post.channel_id)!;
    const event = {
      event: "posted",
      data: { channel_type: channel.type, channel_name: channel.name, sender_name: `@${post.user_id}`, post: JSON.stringify(post) },
      broadcast: { channel_id: channel.id },
      seq: 2,
    };
    for (const socket of this.sockets) socket.send(JSON.stringify(event));
  }

  /** Sends any text over every connected WebSocket, as a broken or hostile server could. */
  sendRaw(text: string): void {
    for (const socket of this.sockets) socket.send(text);
  }

  get connectedSockets(): number {
    return this.sockets.size;
  }

  // ── the server side ──

  private accept(ws: WebSocket): void {
    ws.on("message", (raw) => {
      const bytes = Array.isArray(raw) ? Buffer.concat(raw) : raw instanceof ArrayBuffer ? Buffer.from(raw) : raw;
      const message = JSON.parse(bytes.toString("utf8")) as { seq: number; action: string; data?: { token?: string } };
      if (message.action !== "authentication_challenge") return;
      if (message.data?.token !== BOT_TOKEN) return ws.close(4001, "unauthorized");
      this.sockets.add(ws);
      ws.send(JSON.stringify({ status: "OK", seq_reply: message.seq }));
      ws.send(JSON.stringify({ event: "hello", data: { server_version: "9.11.0" }, seq: 0 }));
    });
    ws.on("close", () => this.sockets.delete(ws));
  }

  private issueTrigger(userId: string): string {
    const id = Buffer.from(`${randomUUID()}:${userId}:${Date.now()}:signature`).toString("base64");
    this.triggers.set(id, { userId, used: false });
    return id;
  }

  private store(post: Omit<StoredPost, "id" | "edits">): StoredPost {
    const stored: StoredPost = { ...post, id: mmId(`post:${randomUUID()}`), edits: 0 };
    // Mattermost gives actions without an id one; Kyodo always names its own.
    for (const attachment of stored.props?.attachments ?? [])
      for (const action of attachment.actions ?? []) action.id ||= mmId(randomUUID());
    this.posts.push(stored);
    return stored;
  }

  private applyCommandResponse(response: CommandResponse, userId: string, channelId: string): void {
    for (const one of [response, ...(response.extra_responses ?? [])]) {
      const attachments = one.attachments ?? one.props?.attachments;
      if (!one.text && !attachments) continue;
      const problem = checkPost(one.text ?? "", attachments);
      if (problem) throw new Error(`Mattermost would refuse this command response: ${problem}`);
      const props = attachments ? { ...(one.props ?? {}), attachments } : (one.props ?? {});
      if (one.response_type === "in_channel") this.store({ channel_id: channelId, user_id: userId, message: one.text ?? "", props });
      else this.store({ channel_id: channelId, user_id: this.bot.id, message: one.text ?? "", props, ephemeralFor: userId });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0]!;
    const method = req.method ?? "GET";
    const body = parseJson(raw);
    const call: RestCall = { method, path, body, status: 0, at: Date.now() };
    this.calls.push(call);
    const answer = (status: number, payload: unknown = {}, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    const index = this.failures.findIndex((f) => f.method === method && f.path.test(path));
    if (index >= 0) {
      const failure = this.failures.splice(index, 1)[0]!;
      return answer(
        failure.status,
        { id: `fake.injected_${failure.status}`, message: "injected failure", status_code: failure.status },
        failure.headers,
      );
    }

    const hook = path.match(/^\/hooks\/commands\/([a-z0-9]+)$/);
    if (method === "POST" && hook) {
      const entry = this.hooks.get(hook[1]!);
      if (!entry || entry.uses >= 5) return answer(400, { id: "app.command_webhook.try_use.invalid", status_code: 400 });
      entry.uses += 1;
      this.applyCommandResponse(asAnswer(body) ?? {}, entry.userId, entry.channelId);
      return answer(200, "ok");
    }

    if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`)
      return answer(401, { id: "api.context.session_expired.app_error", status_code: 401 });

    if (method === "GET" && path === "/api/v4/users/me") return answer(200, { ...this.bot, is_bot: true });
    if (method === "POST" && path === "/api/v4/channels/direct") {
      const members: unknown[] = Array.isArray(body) ? body : [];
      const other = members.find((id) => id !== this.bot.id) ?? this.bot.id;
      if (members.length !== 2 || !members.includes(this.bot.id) || typeof other !== "string")
        return answer(400, { id: "api.channel.create_direct_channel.invalid" });
      return answer(201, this.dmOf({ id: other, username: "" }));
    }
    if (method === "POST" && path === "/api/v4/posts") {
      const post = body as PostBody;
      const problem = checkPost(post.message, post.props?.attachments);
      if (problem) return answer(400, { id: "api.post.create_post.invalid", message: problem });
      const duplicate = post.pending_post_id && this.posts.find((p) => p.pending_post_id === post.pending_post_id);
      if (duplicate) return answer(201, duplicate);
      return answer(
        201,
        this.store({
          channel_id: post.channel_id,
          user_id: this.bot.id,
          message: post.message,
          props: post.props ?? {},
          root_id: post.root_id,
          pending_post_id: post.pending_post_id,
        }),
      );
    }
    const one = path.match(/^\/api\/v4\/posts\/([a-z0-9]+)$/);
    const stored = one && this.posts.find((p) => p.id === one[1] && !p.ephemeralFor);
    if (one && !stored) return answer(404, { id: "app.post.get.app_error" });
    if (method === "GET" && stored) return answer(200, stripIntegrations(stored));
    if (method === "PUT" && stored) {
      const post = body as PostBody;
      if (post.id !== stored.id) return answer(400, { id: "api.context.invalid_body_param.app_error" });
      const problem = checkPost(post.message, post.props?.attachments);
      if (problem) return answer(400, { id: "api.post.update_post.invalid", message: problem });
      Object.assign(stored, { message: post.message, props: post.props ?? {}, edits: stored.edits + 1 });
      return answer(200, stored);
    }
    if (method === "POST" && path === "/api/v4/actions/dialogs/open") {
      const open = body as DialogOpenBody;
      const trigger = this.triggers.get(open.trigger_id);
      if (!trigger || trigger.used) return answer(400, { id: "interactive_message.decode_trigger_id.expired" });
      const problem = checkDialog(open.dialog) ?? (open.url ? undefined : "empty URL");
      if (problem) return answer(400, { id: "model.dialog.is_valid", message: problem });
      trigger.used = true;
      this.dialogs.push({ userId: trigger.userId, url: open.url, dialog: open.dialog, triggerId: open.trigger_id });
      return answer(200, { status: "OK" });
    }
    return answer(404, { id: "api.context.404.app_error" });
  }
}

async function readAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: asAnswer(parseJson(text)) ?? {}, text };
}

// What the process benchmarks (bench-crash, scale-out) share: a real Kyodo as its own node process that a
// bench can kill -9 and start again, Slack-signed POSTs on connections of their own, and polling.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { request } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`bench: waited in vain for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Slack-signed POSTs with the given signing secret. */
export function slackPoster(secret: string) {
  /** A signed POST on a connection of its own (a pooled one would be dead after the kill); 0 when it failed. */
  const post = (url: string, body: string, contentType: string): Promise<number> => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    return new Promise((resolve) => {
      const req = request(
        url,
        {
          method: "POST",
          agent: false,
          timeout: 15_000,
          headers: {
            "content-type": contentType,
            "content-length": Buffer.byteLength(body),
            "x-slack-request-timestamp": timestamp,
            "x-slack-signature": signature,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", () => resolve(0));
        },
      );
      req.on("error", () => resolve(0));
      req.on("timeout", () => req.destroy());
      req.end(body);
    });
  };
  /** Like Slack, which retries an event delivery until it gets its 200. */
  const postUntilAccepted = async (url: string, body: string, contentType: string): Promise<void> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      if ((await post(url, body, contentType)) === 200) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error("bench: Kyodo did not accept an event");
  };
  return { post, postUntilAccepted };
}

/** Kyodo (`src/main.ts --no-console`) as one node process (not the tsx wrapper), so SIGKILL hits Kyodo itself. */
export class KyodoProcess {
  child: ChildProcess | undefined;
  /** what the process wrote to stderr since it last started */
  log = "";
  private readonly env: Record<string, string>;
  readonly baseUrl: string;

  constructor(env: Record<string, string>, baseUrl: string) {
    this.env = env;
    this.baseUrl = baseUrl;
  }

  async start(): Promise<void> {
    this.log = "";
    this.child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--no-console"], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child.stderr!.on("data", (d: Buffer) => (this.log += d.toString()));
    await waitFor("Kyodo to be ready", async () => (await fetch(`${this.baseUrl}/readyz`)).ok, 120_000);
  }

  kill(): Promise<void> {
    return this.signal("SIGKILL");
  }

  stop(): Promise<void> {
    return this.signal("SIGTERM");
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }
}

// Starts test/support/kyodo-process.ts as one real node process (node --import tsx, not the tsx wrapper,
// whose own child would outlive a SIGKILL of the wrapper) and waits until it listens.
import { spawn, type ChildProcess } from "node:child_process";
import { ROOT } from "./run-command.ts";

export interface KyodoChild {
  process: ChildProcess;
  baseUrl: string;
  /** what it wrote to stderr (its log at LOG_LEVEL) */
  stderr(): string;
  /** kill -9: no shutdown, no flushing, like a power cut */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export async function startKyodoChild(env: Record<string, string>): Promise<KyodoChild> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/kyodo-process.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", KYODO_LOAD_DEMO: "auto", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Kyodo did not start: ${stderr}`)), 60_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once("exit", (code) => reject(new Error(`Kyodo exited (${code}) before listening: ${stderr}`)));
  });
  return {
    process: child,
    baseUrl: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    async crash() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

// Runs Kyodo's own entry points. `runStart` and `runCliProcess` start a real child process, as a user would
// (start-up, exit codes, stdin); `runCli` runs the same commander program in this process, which is what most
// CLI tests need and costs milliseconds instead of a tsx start-up of several seconds.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runTs(script: string, args: string[], env: Record<string, string>, stdin = ""): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

export const runCliProcess = (args: string[], env: Record<string, string>) => runTs("src/cli/main.ts", args, env);

/**
 * The secretariat CLI in-process: the environment is set for the call, and what the program writes to stdout and
 * stderr is captured, exactly the streams a terminal would show. Calls are serialised, since the environment and
 * the streams are process-wide.
 */
export function runCli(args: string[], env: Record<string, string>): Promise<RunResult> {
  const run = cliQueue.then(() => runCliInProcess(args, env));
  cliQueue = run.catch(() => undefined);
  return run;
}

let cliQueue: Promise<unknown> = Promise.resolve();

async function runCliInProcess(args: string[], env: Record<string, string>): Promise<RunResult> {
  const { runCli: run } = await import("../../src/cli/main.ts");
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries({ LOG_LEVEL: "warn", ...env })) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  let stdout = "";
  let stderr = "";
  const capture = (append: (text: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
      const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture((text) => (stdout += text));
  process.stderr.write = capture((text) => (stderr += text));
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await run(args);
    return { code, stdout, stderr };
  } finally {
    process.exitCode = exitCodeBefore;
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
export const runStart = (args: string[], env: Record<string, string>, stdin: string) => runTs("src/main.ts", args, env, stdin);

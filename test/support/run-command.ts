// Runs Kyodo's own entry points (npm start, npm run kyodo) as child processes, as a user would.
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
    const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["pipe", "pipe", "pipe"] });
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

export const runCli = (args: string[], env: Record<string, string>) => runTs("src/cli/main.ts", args, env);
export const runStart = (args: string[], env: Record<string, string>, stdin: string) => runTs("src/main.ts", args, env, stdin);

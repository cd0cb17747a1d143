// The test command behind `npm test`: the static checks, then the tests. The three checks are independent and
// single-threaded, so on a two-core machine they run as two lanes side by side — ESLint (type-aware, the
// longest) in one, tsc then Prettier in the other — instead of one after another; each check's output is
// printed whole when it ends, so the lanes' lines never interleave. The tests start once every check has
// passed (a type error still stops the run before the tests); arguments are passed on to vitest.
//
//   node scripts/test-all.mjs [vitest arguments…]
import { spawn } from "node:child_process";

/** Runs one command with its output captured; resolves with its exit code once its output has been printed. */
function check(command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { FORCE_COLOR: "1", ...process.env } });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    const finish = (code, reason = "") => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString();
      process.stdout.write(`${text}${text && !text.endsWith("\n") ? "\n" : ""}`);
      process.stdout.write(`${[command, ...args].join(" ")}: ${code === 0 ? "ok" : `failed${reason}`} (${seconds} s)\n`);
      resolve(code);
    };
    child.on("error", (error) => finish(1, `: ${error.message}`));
    child.on("close", (code, signal) => finish(code ?? 1, signal ? `: ${signal}` : ""));
  });
}

const lanes = [
  check("eslint", ["."]),
  check("tsc", ["--noEmit"]).then(async (code) => ((await check("prettier", ["--check", "."])) === 0 ? code : 1)),
];
const codes = await Promise.all(lanes);
if (codes.some((code) => code !== 0)) process.exit(1);

const tests = spawn("vitest", ["run", ...process.argv.slice(2)], { stdio: "inherit" });
tests.on("error", (error) => {
  process.stderr.write(`vitest: ${error.message}\n`);
  process.exit(1);
});
tests.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

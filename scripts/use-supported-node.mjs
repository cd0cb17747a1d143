// Runs a project command on a Node.js the project supports. The README's two commands must work on a fresh
// machine whose Node.js is 20 (Debian's default), but Kyodo's dependencies need 22.12+. When the running Node is
// too old, this fetches Node 24 from the npm registry (the `node-<os>-<arch>` package carries the binary, so
// no other host is needed), caches it, and runs the command with that Node first on PATH. Where that cannot
// work, it stops at once with one bilingual line that says what to install.
//
// Written in plain JavaScript that Node 14+ can parse: it is the one file that runs on the old Node.
//
//   node scripts/use-supported-node.mjs <command> [args…]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

const MINIMUM = [22, 12];
const PROVISIONED_MAJOR = 24;

function isSupported(version) {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

function fail(ja, en) {
  process.stderr.write(`Kyodo: ${ja} / ${en}\n`);
  process.exit(1);
}

const NEEDED_JA = `Node.js ${MINIMUM.join(".")} 以上が必要です（現在 ${process.version}）`;
const NEEDED_EN = `Node.js ${MINIMUM.join(".")} or newer is needed (this is ${process.version})`;
const HOW_JA = "https://nodejs.org/ から Node.js 24 LTS を入れるか、nvm install 24 を実行してください";
const HOW_EN = "install Node.js 24 LTS from https://nodejs.org/ or run `nvm install 24`";

/** The directory holding a supported node binary: the running one, or one provisioned from the npm registry. */
function supportedNodeBin() {
  if (isSupported(process.version)) return undefined;
  const platform = { linux: "linux", darwin: "darwin", win32: "win" }[process.platform];
  if (!platform || !["x64", "arm64"].includes(process.arch)) fail(`${NEEDED_JA}。${HOW_JA}`, `${NEEDED_EN}; ${HOW_EN}`);
  const pkg = `node-${platform}-${process.arch}`;
  const home = process.env.KYODO_NODE_HOME || join(homedir(), ".cache", `kyodo-node${PROVISIONED_MAJOR}`);
  const bin = join(home, "node_modules", pkg, "bin");
  const binary = join(bin, process.platform === "win32" ? "node.exe" : "node");
  if (!existsSync(binary)) {
    process.stderr.write(
      `Kyodo: ${NEEDED_JA}。Node.js ${PROVISIONED_MAJOR} を npm レジストリから ${home} に入れます（初回のみ） / ` +
        `${NEEDED_EN}; fetching Node.js ${PROVISIONED_MAJOR} from the npm registry into ${home} (first run only)\n`,
    );
    mkdirSync(home, { recursive: true });
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(
      npm,
      ["install", "--prefix", home, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `${pkg}@${PROVISIONED_MAJOR}`],
      {
        stdio: ["ignore", "ignore", "pipe"],
        encoding: "utf8",
      },
    );
    if (result.status !== 0 || !existsSync(binary)) {
      const reason = (result.stderr || String(result.error || "")).split("\n").find((line) => line.trim()) || "npm install failed";
      fail(
        `${NEEDED_JA}。自動で入れられませんでした（${reason.trim()}）。${HOW_JA}`,
        `${NEEDED_EN}; it could not be fetched automatically (${reason.trim()}); ${HOW_EN}`,
      );
    }
  }
  return bin;
}

const [command, ...args] = process.argv.slice(2);
if (!command) fail("実行するコマンドを指定してください", "name the command to run");

const bin = supportedNodeBin();
const env = { ...process.env };
if (bin) {
  env.PATH = `${bin}${delimiter}${env.PATH || ""}`;
  // Native addons, if any are built, must use the provisioned Node's headers, not the machine's.
  env.npm_config_nodedir = join(bin, "..");
  // npm started from the old Node recorded it here; scripts that re-run npm or node should find the new one.
  env.npm_node_execpath = join(bin, "node");
  env.NODE = join(bin, "node");
}

const child = spawn(command, args, { stdio: "inherit", env, shell: process.platform === "win32" });
// The terminal sends Ctrl-C to the whole process group; the child decides how to stop, and we follow it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (signal !== "SIGINT") child.kill(signal);
  });
}
child.on("error", (error) => fail(`${command} を起動できません（${error.message}）`, `cannot start ${command} (${error.message})`));
child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});

// After `tsc -p tsconfig.build.json`: copies the files the compiled code reads beside itself (the demo
// council's CSV and YAML, the Slack manifest) from src/ into dist/, keeping their paths. Locales and the
// migrations stay where they are: dist/ sits beside src/, so `../../locales` resolves the same from both.
import { cpSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");

let copied = 0;
for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith(".ts")) continue;
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(DIST, relative(SRC, from)));
  copied += 1;
}
console.log(`build: ${copied} asset files copied to dist/`);

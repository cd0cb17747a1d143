// Every user-facing string lives in locales/ja.json and locales/en.json: same keys in both, and every key
// the code names exists, so no person ever sees a raw key instead of a sentence.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildRegistry } from "../src/commands/index.ts";
import { hasKey } from "../src/engine/i18n.ts";
import { ROOT } from "./support/run-command.ts";

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ""): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [prefix + k] : flatten(v, `${prefix}${k}.`)));
const load = (locale: string) => JSON.parse(readFileSync(join(ROOT, "locales", `${locale}.json`), "utf8")) as Tree;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

describe("locales", () => {
  it("ja and en have the same keys", () => {
    const ja = flatten(load("ja")).sort();
    const en = flatten(load("en")).sort();
    expect(ja.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ja.includes(k))).toEqual([]);
    expect(ja.length).toBeGreaterThan(50);
  });

  it("no translation is empty", () => {
    for (const locale of ["ja", "en"]) {
      const tree = load(locale);
      const empty = flatten(tree).filter((k) => k.split(".").reduce<Tree | string>((t, p) => (t as Tree)[p]!, tree) === "");
      expect(empty).toEqual([]);
    }
  });

  it("every literal key used in the source exists", () => {
    const pattern = /(?:\bt|bilingual|translator\([^)]*\)|UserError|DomainError)\(\s*"([a-zA-Z][\w]*(?:\.[\w]+)+)"/g;
    const missing: string[] = [];
    let found = 0;
    for (const file of sourceFiles(join(ROOT, "src"))) {
      for (const match of readFileSync(file, "utf8").matchAll(pattern)) {
        found += 1;
        if (!hasKey(match[1]!)) missing.push(`${file.slice(ROOT.length)}: ${match[1]}`);
      }
    }
    expect(found).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it("every chat command has a summary and usage in both languages", () => {
    for (const command of buildRegistry().commands.filter((c) => !c.hidden)) {
      expect(hasKey(`commands.${command.name}.summary`), command.name).toBe(true);
      expect(hasKey(`commands.${command.name}.usage`), command.name).toBe(true);
    }
  });
});

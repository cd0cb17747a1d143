// The house rules, checked on the source itself: adapters speak only the engine's neutral messages (never domain,
// commands or storage), and domain areas do not import each other in a cycle (where one area must react to
// another, it subscribes to a domain event: src/domain/events/). A cycle that has to be accepted for a while
// is listed below by the edges that close it; the list may only shrink.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/run-command.ts";

/** Domain-area imports that close a cycle and are accepted for now: none. */
const KNOWN_CYCLE_EDGES: string[] = [];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The project files a source file imports, relative to the repository root (src/…). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/from "(\.\.?\/[^"]+)"/g)].map((m) => relative(ROOT, normalize(join(ROOT, dirname(file), m[1]!))));
}

describe("architecture", () => {
  it("adapters import only the engine's neutral contract (messages, adapter, i18n) and lib", () => {
    const allowed = ["src/engine/messages.ts", "src/engine/adapter.ts", "src/engine/i18n.ts"];
    const offending = sources("src/adapters").flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith("src/adapters/") && !target.startsWith("src/lib/") && !allowed.includes(target))
        .map((target) => `${file} → ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it("domain areas import each other without cycles", () => {
    const edges = new Map<string, Set<string>>();
    for (const file of sources("src/domain")) {
      const area = file.split("/")[2]!;
      if (area.endsWith(".ts")) continue;
      for (const target of importsOf(file)) {
        const parts = target.split("/");
        if (parts[0] === "src" && parts[1] === "domain" && parts.length > 3 && parts[2] !== area) {
          if (!edges.has(area)) edges.set(area, new Set());
          edges.get(area)!.add(parts[2]!);
        }
      }
    }
    const reaches = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length > 0) {
        const at = stack.pop()!;
        if (at === to) return true;
        for (const next of edges.get(at) ?? []) {
          if (seen.has(next)) continue;
          seen.add(next);
          stack.push(next);
        }
      }
      return false;
    };
    const cycleEdges = [...edges]
      .flatMap(([from, targets]) => [...targets].filter((to) => reaches(to, from)).map((to) => `${from}->${to}`))
      .sort();
    expect(cycleEdges).toEqual([...KNOWN_CYCLE_EDGES].sort());
  });
});

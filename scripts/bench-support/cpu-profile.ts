// CPU profile of a stretch of a benchmark (node:inspector in this process, the profile written for Chrome
// DevTools or speedscope), and where its self time went, by the layer each sampled function belongs to.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The layer a sampled function belongs to, from its script's address. */
function layerOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(idle)" || functionName === "(program)") return functionName;
  if (url.startsWith("wasm://") || /query_compiler/.test(url)) return "Prisma query compiler (WebAssembly)";
  if (/@prisma\/adapter-libsql/.test(url)) return "Prisma libsql adapter";
  if (/@libsql|libsql/.test(url)) return "libsql client (SQLite included)";
  if (/@prisma\/client|storage\/generated/.test(url)) return "Prisma client";
  if (/node_modules\/(zod|i18next)/.test(url)) return url.match(/node_modules\/([^/]+)/)![1]!;
  if (/\/src\//.test(url) && !/node_modules/.test(url)) return "Kyodo (src/)";
  if (/\/test\/|\/scripts\//.test(url)) return "bench and fakes (test/, scripts/)";
  if (url.startsWith("node:") || url === "") return functionName === "" ? "native" : "Node.js internals and native";
  return `other: ${url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? url}`;
}

export class CpuProfiler {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post("Profiler.enable");
    await this.session.post("Profiler.setSamplingInterval", { interval: 200 });
    await this.session.post("Profiler.start");
  }

  /** Stops, writes the profile to `file`, and returns each layer's share of the sampled time (%). */
  async stop(file: string): Promise<Record<string, number>> {
    const { profile } = (await this.session.post("Profiler.stop")) as unknown as { profile: Profile };
    this.session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    // Native code (SQLite's work inside libsql, a socket write) counts for the script that called it.
    const layerOfSample = (id: number): string => {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byNode.get(at)!.callFrame;
        // This process's own profiler waiting for the stop: idle time.
        if (frame.url.startsWith("node:inspector")) return "(idle)";
        const layer = layerOf(frame);
        if (layer !== "native" && layer !== "Node.js internals and native") return layer;
      }
      return "Node.js internals and native";
    };
    const time = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const layer = layerOfSample(id);
      if (layer === "(idle)") return;
      const delta = profile.timeDeltas[i] ?? 0;
      time.set(layer, (time.get(layer) ?? 0) + delta);
      total += delta;
    });
    return Object.fromEntries(
      [...time.entries()].sort((a, b) => b[1] - a[1]).map(([layer, t]) => [layer, Number(((100 * t) / total).toFixed(1))]),
    );
  }
}

import { describe, expect, it } from "vitest";
import { decodePostback, encodeConfirm, encodeMore, type ActionPayloadStore } from "./postback-data.ts";

/** The store's contract in memory, with a way to damage a saved value as an older deploy might have left it. */
function memoryStore(): ActionPayloadStore & { damage(value: string): void } {
  const rows = new Map<string, { actionId: string; value: string }>();
  return {
    save(payload) {
      const key = `k${rows.size + 1}`;
      rows.set(key, payload);
      return Promise.resolve(key);
    },
    load(key) {
      return Promise.resolve(rows.get(key));
    },
    damage(value) {
      for (const row of rows.values()) row.value = value;
    },
  };
}

const now = new Date("2026-12-03T00:00:00Z");
const choice = { actionId: "flow:vote", value: "m1|for", label: "賛成" };

describe("LINE buttons stored on the server", () => {
  it("read back a stored page of choices and a confirmation as saved", async () => {
    const store = memoryStore();
    const more = await encodeMore(store, "どれにしますか", [choice], now);
    expect(await decodePostback(store, more, now)).toEqual({ kind: "more", prompt: "どれにしますか", choices: [choice] });
    const confirm = await encodeConfirm(store, choice, now);
    expect(await decodePostback(store, confirm, now)).toEqual({ kind: "confirm", choice });
  });

  it("treat a stored value of another shape as an expired button instead of misreading or crashing", async () => {
    const store = memoryStore();
    const more = await encodeMore(store, undefined, [choice], now);
    store.damage(JSON.stringify({ items: ["賛成"] }));
    expect(await decodePostback(store, more, now)).toEqual({ kind: "expired" });
    store.damage("{not json");
    expect(await decodePostback(store, more, now)).toEqual({ kind: "expired" });
  });
});

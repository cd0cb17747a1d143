import { describe, expect, it } from "vitest";
import { ContextSigner, type ButtonPayload } from "./action-context.ts";

const signer = new ContextSigner("bot-token");
const payload: ButtonPayload = { c: "chan", d: 1, i: "k1", k: "act", a: "flow:language", v: "en", l: "English" };

describe("signed button contexts and dialog states", () => {
  it("survive Mattermost's round trip (keys reordered, selected_option added) and nothing else", () => {
    const context = signer.context(payload);
    const roundTripped: unknown = JSON.parse(
      JSON.stringify({ selected_option: "3", ...Object.fromEntries(Object.entries(context).reverse()) }),
    );
    expect(signer.readContext(roundTripped)).toEqual(payload);
    expect(signer.readContext({ ...context, kyodo: context.kyodo!.replace('"en"', '"ja"') })).toBeUndefined();
    expect(new ContextSigner("another-token").readContext(context)).toBeUndefined();
    expect(signer.readContext(undefined)).toBeUndefined();
    expect(signer.readContext({ kyodo: "{}", sig: "" })).toBeUndefined();
  });

  it("bind a dialog to the person it was opened for, until it expires", () => {
    const state = signer.state({ c: "chan", n: "nonce", formId: "f", u: "user-1", x: 2_000 });
    expect(signer.readState(state, "user-1", 1_000)).toMatchObject({ formId: "f", n: "nonce" });
    expect(signer.readState(state, "user-2", 1_000)).toBeUndefined();
    expect(signer.readState(state, "user-1", 3_000)).toBeUndefined();
    const [body, sig] = state.split(".");
    const forged = Buffer.from(JSON.stringify({ c: "chan", n: "nonce", formId: "f", u: "user-2", x: 2_000 })).toString("base64url");
    expect(signer.readState(`${forged}.${sig}`, "user-2", 1_000)).toBeUndefined();
    expect(signer.readState(`${body}.${sig}.x`, "user-1", 1_000)).toBeUndefined();
  });
});

// Problems with what someone sent from the console (a form field, a CSV line), said in their language first and
// then in the other one: a file prepared by one person is often checked by another, and the CLI prints the same
// problems in both languages too.
import { html } from "hono/html";
import { translator } from "../engine/i18n.ts";
import type { ConsoleRequest } from "./console-request.ts";
import type { Html } from "./layout.ts";

/** "本文が空です。 / The text is empty." with the person's own language first. */
export function inBothLanguages(req: Pick<ConsoleRequest, "locale">, key: string, vars: Record<string, unknown> = {}): string {
  const other = req.locale === "en" ? "ja" : "en";
  const first = translator(req.locale)(key, vars);
  const second = translator(other)(key, vars);
  return first === second ? first : `${first} / ${second}`;
}

/** The problems above a form, announced to screen readers; nothing when there are none. */
export function problemList(req: ConsoleRequest, problems: string[]): Html | string {
  if (problems.length === 0) return "";
  return html`<div role="alert" class="problems-box">
    <h2>${req.t("webmore.problems", { count: problems.length })}</h2>
    <ul class="problems">
      ${problems.map((p) => html`<li>${p}</li>`)}
    </ul>
  </div>`;
}

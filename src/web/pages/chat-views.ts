// Candidates, usage and money in the console: chat's own read-only views (the secretariat's forms to change them
// are in candidate-actions.ts and usage-actions.ts, shown below the views) (the `candidates`, `usage`,
// `shares` and `settlement` commands, which already show members their own bodies and the secretariat
// every body), run for the signed-in person and rendered as HTML, with their charts. Only fixed, read-only forms of those commands are run —
// never text from the address bar — so a link cannot make the console record figures or post a summary.
import type { Request } from "express";
import { html } from "hono/html";
import { candidatesCommand } from "../../commands/candidates.ts";
import { settlementCommand } from "../../commands/money-settlement.ts";
import { sharesCommand } from "../../commands/money-shares.ts";
import { usageCommand } from "../../commands/usage.ts";
import type { CommandDefinition } from "../../engine/definitions.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import { findSystem } from "../../domain/usage/find-system.ts";
import { parsePeriod } from "../../domain/usage/period.ts";
import { UserError } from "../../lib/user-error.ts";
import { doneNotice, sendPage, type ConsoleRoutes } from "../console.ts";
import { permitted, type ConsoleRequest } from "../console-request.ts";
import type { Html } from "../layout.ts";
import { chatContext, renderMessage } from "../render-blocks.ts";
import { candidateActions } from "./candidate-actions.ts";
import { systemActions, usageActions } from "./usage-actions.ts";

async function run(req: ConsoleRequest, command: CommandDefinition, args: string[]): Promise<Html> {
  const result = await command.run(chatContext(req), args);
  const messages: OutboundMessage[] = Array.isArray(result) ? result : [];
  return html`${messages.map((m) => html`<section>${renderMessage(m)}</section>`)}`;
}

function number(http: Request): string {
  const value = String(http.params.number ?? "");
  if (!/^\d{1,6}$/.test(value)) throw new UserError("web.error.notFound", {});
  return value;
}

export function registerChatViews(routes: ConsoleRoutes): void {
  routes.get("/usage", async (req, _http, res) => {
    const systems = await req.db.sharedSystem.findMany({ where: { councilId: req.councilId }, orderBy: { slug: "asc" } });
    await sendPage(res, req, {
      title: req.t("web.views.usage"),
      body: html`${await run(req, usageCommand, [])}
        <nav aria-label="${req.t("web.views.usage")}">
          <ul>
            ${systems.map((s) => html`<li><a href="/console/usage/${s.slug}">${req.locale === "en" && s.nameEn ? s.nameEn : s.name}</a></li>`)}
            <li><a href="/console/usage-participation">${req.t("web.views.participation")}</a></li>
          </ul>
        </nav>
        ${await usageActions(req)}`,
    });
  });
  routes.get("/usage/:system", async (req, http, res) => {
    // The system must exist, so the first argument can only ever name one (never "record" or "post").
    const system = await findSystem(req.db, req.councilId, String(http.params.system ?? ""));
    const periodText = typeof http.query.period === "string" ? http.query.period.trim() : "";
    if (periodText && !parsePeriod(periodText)) throw new UserError("usage.record.badPeriod", { period: periodText });
    await sendPage(res, req, {
      title: req.locale === "en" && system.nameEn ? system.nameEn : system.name,
      notice: doneNotice(req, http),
      body: html`<form method="get" class="inline">
          <label for="period"
            >${req.t("web.views.period")}<input id="period" name="period" value="${periodText}" placeholder="2026-10 / 令和8年度"
          /></label>
          <button type="submit">${req.t("web.views.show")}</button>
        </form>
        ${await run(req, usageCommand, periodText ? [system.slug, periodText] : [system.slug])} ${await systemActions(req, system)}`,
    });
  });
  routes.get("/usage-participation", async (req, _http, res) => {
    await sendPage(res, req, { title: req.t("web.views.participation"), body: await run(req, usageCommand, ["participation"]) });
  });
  routes.get("/money", async (req, _http, res) => {
    const actions = permitted(req, "money.record")
      ? html`<p>
          <a href="/console/money/shares/new">${req.t("webmore.money.newShare")}</a> ·
          <a href="/console/money/settlements/new">${req.t("webmore.money.newSettlement")}</a>
        </p>`
      : "";
    await sendPage(res, req, {
      title: req.t("web.views.money"),
      body: html`${actions}${await run(req, sharesCommand, [])}${await run(req, settlementCommand, [])}`,
    });
  });
  routes.get("/money/shares/:number", async (req, http, res) => {
    await sendPage(res, req, {
      title: req.t("web.views.money"),
      notice: doneNotice(req, http),
      body: await run(req, sharesCommand, [number(http)]),
    });
  });
  routes.get("/money/settlements/:number", async (req, http, res) => {
    await sendPage(res, req, {
      title: req.t("web.views.money"),
      notice: doneNotice(req, http),
      body: await run(req, settlementCommand, [number(http)]),
    });
  });
  routes.get("/candidates", async (req, http, res) => {
    const add = permitted(req, "candidate.manage")
      ? html`<p><a href="/console/candidates/new">${req.t("console2.candidate.new")}</a></p>`
      : "";
    await sendPage(res, req, {
      title: req.t("web.views.candidates"),
      body: html`${add}${await run(req, candidatesCommand, http.query.all === "1" ? ["all"] : [])}`,
    });
  });
  routes.get("/candidates/:number", async (req, http, res) => {
    // Chat's view of the candidate, then (for the secretariat) the console's forms to change it.
    await sendPage(res, req, {
      title: req.t("web.views.candidates"),
      notice: doneNotice(req, http),
      body: html`${await run(req, candidatesCommand, [number(http)])}${await candidateActions(req, number(http))}`,
    });
  });
}

// The secretariat's shared-system work in the console, as `kyodo usage system / record / post / schedule` does it:
// register or change a shared system (defineSystem), enter one figure (recordUsage), post a period's summary to the
// system's organ now (postUsageSummary), and schedule the summaries (scheduleUsageSummaries). Whole files of
// figures come through the imports page. Every change asks first, is CSRF-checked by the console, and is audited
// with channel "web"; members keep chat's read-only views.
import type { Request } from "express";
import { html } from "hono/html";
import { findSystem } from "../../domain/usage/find-system.ts";
import { defineSystem } from "../../domain/usage/define-system.ts";
import { METRICS } from "../../domain/usage/metrics.ts";
import { parsePeriod } from "../../domain/usage/period.ts";
import { postUsageSummary } from "../../domain/usage/post-summary.ts";
import { recordUsage } from "../../domain/usage/record-usage.ts";
import { scheduleUsageSummaries } from "../../domain/usage/schedule-summaries.ts";
import { localMinute } from "../../lib/local-time.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import { permitted, type ConsoleRequest } from "../console-request.ts";
import { csrfField, type Html } from "../layout.ts";
import { inBothLanguages } from "../problems.ts";

type SharedSystem = Awaited<ReturnType<typeof findSystem>>;

const systemName = (req: ConsoleRequest, s: { name: string; nameEn: string | null }) =>
  req.locale === "en" && s.nameEn ? s.nameEn : s.name;

/** Under chat's list of systems: register or change a system, and schedule the summaries. */
export async function usageActions(req: ConsoleRequest): Promise<Html | string> {
  if (!permitted(req, "usage.record")) return "";
  const { t } = req;
  const organs = await req.db.organ.findMany({ where: { councilId: req.councilId, dissolvedAt: null }, orderBy: { createdAt: "asc" } });
  const systems = await req.db.sharedSystem.findMany({ where: { councilId: req.councilId }, orderBy: { slug: "asc" } });
  return html`<section aria-labelledby="h-actions">
    <h2 id="h-actions">${t("web.actions")}</h2>
    <form class="stack" method="post" action="/console/usage/systems">
      ${csrfField(req.view)}
      <h3>${t("console2.usage.systemHeading")}</h3>
      <p class="muted">${t("console2.usage.systemIntro")}</p>
      <p><label for="sys-slug">${t("usage.chat.slug")}</label><input id="sys-slug" name="slug" required placeholder="e-application" /></p>
      <p><label for="sys-name">${t("console2.usage.name")}</label><input id="sys-name" name="name" required /></p>
      <p><label for="sys-en">${t("console2.usage.nameEn")}</label><input id="sys-en" name="nameEn" /></p>
      <p><label for="sys-sla">${t("console2.usage.sla")}</label><input id="sys-sla" name="sla" placeholder="99.7" /></p>
      <p>
        <label for="sys-organ">${t("console2.usage.organ")}</label>
        <select id="sys-organ" name="organ">
          <option value="">—</option>
          ${organs.map((o) => html`<option value="${o.slug}">${o.name}</option>`)}
        </select>
      </p>
      <p><button type="submit">${t("console2.usage.saveSystem")}</button></p>
    </form>
    <form class="stack" method="post" action="/console/usage/schedule">
      ${csrfField(req.view)}
      <h3>${t("console2.usage.scheduleHeading")}</h3>
      <p>
        <label for="sch-scope">${t("console2.usage.scope")}</label>
        <select id="sch-scope" name="scope">
          <option value="month">${t("console2.usage.scopeMonth")}</option>
          <option value="fiscal_year">${t("console2.usage.scopeYear")}</option>
        </select>
      </p>
      <p><label for="sch-cron">${t("console2.usage.cron")}</label><input id="sch-cron" name="cron" value="0 9 5 * *" required /></p>
      <p>
        <label for="sch-system">${t("usage.chat.system")}</label>
        <select id="sch-system" name="system">
          <option value="">${t("console2.usage.allSystems")}</option>
          ${systems.map((s) => html`<option value="${s.slug}">${systemName(req, s)}</option>`)}
        </select>
      </p>
      <p><button type="submit">${t("console2.usage.schedule")}</button></p>
    </form>
  </section>`;
}

/** Under chat's summary of one system: enter a figure, post the summary now. */
export async function systemActions(req: ConsoleRequest, system: SharedSystem): Promise<Html | string> {
  if (!permitted(req, "usage.record")) return "";
  const { t } = req;
  const bodies = await req.db.body.findMany({ where: { councilId: req.councilId, active: true }, orderBy: { name: "asc" } });
  const base = `/console/usage/${system.slug}`;
  return html`<section aria-labelledby="h-actions">
    <h2 id="h-actions">${t("web.actions")}</h2>
    <form class="stack" method="post" action="${base}/record">
      ${csrfField(req.view)}
      <h3>${t("console2.usage.recordHeading")}</h3>
      <p><label for="fig-period">${t("web.views.period")}</label><input id="fig-period" name="period" required placeholder="2026-10" /></p>
      <p>
        <label for="fig-body">${t("web.col.body")}</label>
        <select id="fig-body" name="body">
          <option value="*">${t("console2.usage.wholeSystem")}</option>
          ${bodies.map((b) => html`<option value="${b.code ?? b.name}">${b.name}</option>`)}
        </select>
      </p>
      <p>
        <label for="fig-metric">${t("console2.usage.metric")}</label>
        <select id="fig-metric" name="metric">
          ${METRICS.map((m) => html`<option value="${m}">${t(`usage.metrics.${m}`)}</option>`)}
        </select>
      </p>
      <p><label for="fig-value">${t("console2.usage.value")}</label><input id="fig-value" name="value" required inputmode="decimal" /></p>
      <p><button type="submit">${t("console2.usage.record")}</button></p>
    </form>
    <form class="stack" method="post" action="${base}/post">
      ${csrfField(req.view)}
      <h3>${t("console2.usage.postHeading")}</h3>
      <p>
        <label for="post-period">${t("web.views.period")}</label
        ><input id="post-period" name="period" required placeholder="2026-10 / 令和8年度" />
      </p>
      <p><button type="submit">${t("console2.usage.post")}</button></p>
    </form>
  </section>`;
}

async function systemFor(req: ConsoleRequest, http: Request): Promise<SharedSystem> {
  return findSystem(req.db, req.councilId, String(http.params.system ?? ""));
}

export function registerUsageActionRoutes(routes: ConsoleRoutes): void {
  routes.post("/usage/systems", async (req, http, res) => {
    if (await refuseUnless(req, res, "usage.record")) return;
    const input = { slug: field(http, "slug").trim(), name: field(http, "name").trim(), nameEn: field(http, "nameEn").trim() };
    const sla = field(http, "sla").trim();
    const organ = field(http, "organ").trim();
    if (!input.name) throw new UserError("console2.usage.nameRequired", {});
    const existing = await req.db.sharedSystem.findUnique({
      where: { councilId_slug: { councilId: req.councilId, slug: input.slug.toLowerCase() } },
    });
    const question = req.t(existing ? "console2.usage.confirmChange" : "console2.usage.confirmAdd", { slug: input.slug, name: input.name });
    const carry = { ...input, sla, organ };
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.usage.saveSystem"), carry })) return;
    const system = await defineSystem(
      req.db,
      req.councilId,
      { ...input, nameEn: input.nameEn || undefined, sla: sla || undefined, organ: organ || undefined },
      req.actor,
    );
    res.redirect(303, `/console/usage/${system.slug}?done=systemSaved`);
  });
  routes.post("/usage/schedule", async (req, http, res) => {
    if (await refuseUnless(req, res, "usage.record")) return;
    const scope = field(http, "scope");
    const cron = field(http, "cron").trim();
    const system = field(http, "system").trim();
    const question = req.t("console2.usage.confirmSchedule", {
      scope: req.t(scope === "fiscal_year" ? "console2.usage.scopeYear" : "console2.usage.scopeMonth"),
      cron,
      system: system || req.t("console2.usage.allSystems"),
    });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.usage.schedule"), carry: { scope, cron, system } })) return;
    const { name, job } = await scheduleUsageSummaries(
      req.db,
      { councilId: req.councilId, cron, scope, system: system || undefined, actor: req.actor },
      req.now,
    );
    await sendPage(res, req, {
      title: req.t("web.views.usage"),
      notice: { kind: "ok", text: req.t("usage.cli.scheduled", { name, cron: job.cron, next: localMinute(job.nextRunAt, req.zone) }) },
      body: html`<p><a href="/console/usage">${req.t("web.views.usage")}</a></p>`,
    });
  });
  routes.post("/usage/:system/record", async (req, http, res) => {
    if (await refuseUnless(req, res, "usage.record")) return;
    const system = await systemFor(req, http);
    const figure = {
      period: field(http, "period").trim(),
      body: field(http, "body").trim() || "*",
      metric: field(http, "metric"),
      value: field(http, "value").trim(),
    };
    if (!parsePeriod(figure.period)) throw new UserError("usage.record.badPeriod", { period: figure.period });
    const question = req.t("console2.usage.confirmRecord", {
      system: systemName(req, system),
      period: figure.period,
      body: figure.body === "*" ? req.t("console2.usage.wholeSystem") : figure.body,
      metric: req.t(`usage.metrics.${figure.metric}`),
      value: figure.value,
    });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.usage.record"), carry: figure })) return;
    await recordUsage(req.db, req.councilId, { system: system.slug, ...figure }, req.actor);
    res.redirect(303, `/console/usage/${system.slug}?period=${encodeURIComponent(figure.period)}&done=usageRecorded`);
  });
  routes.post("/usage/:system/post", async (req, http, res) => {
    if (await refuseUnless(req, res, "usage.record")) return;
    const system = await systemFor(req, http);
    const periodText = field(http, "period").trim();
    const period = parsePeriod(periodText);
    if (!period) throw new UserError("usage.record.badPeriod", { period: periodText });
    const question = req.t("console2.usage.confirmPost", { system: systemName(req, system), period: periodText });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.usage.post"), carry: { period: periodText } })) return;
    const result = await postUsageSummary(req.db, { councilId: req.councilId, systemId: system.id, period, actor: req.actor }, req.now);
    await sendPage(
      res,
      req,
      {
        title: systemName(req, system),
        notice: result.posted
          ? { kind: "ok", text: req.t("usage.chat.posted", { groups: result.groups, people: result.people }) }
          : { kind: "error", text: inBothLanguages(req, `usage.chat.notPosted.${result.reason}`) },
        body: html`<p><a href="/console/usage/${system.slug}">${systemName(req, system)}</a></p>`,
      },
      result.posted ? 200 : 422,
    );
  });
}

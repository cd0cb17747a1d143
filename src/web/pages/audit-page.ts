// The audit log in the console: newest first, filtered by action, actor or subject, a hundred entries a page, with
// the people behind person:<id> named; and on request the full verification `kyodo audit verify` runs (chain,
// checkpoints, replayed state), which reads the whole log and so is not run on every view.
import { html } from "hono/html";
import { auditVerificationLines } from "../../domain/audit/audit-verification-lines.ts";
import { verifyAuditLog } from "../../domain/audit/verify-audit-log.ts";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import { table } from "../layout.ts";

const PAGE = 100;

const text = (value: unknown) => (typeof value === "string" ? value.trim().slice(0, 100) : "");

export function registerAuditRoutes(routes: ConsoleRoutes): void {
  routes.get("/audit", async (req, http, res) => {
    // Reading the audit log is the secretariat's, as `kyodo audit` is the operator's.
    if (await refuseUnless(req, res, "survey.manage")) return;
    const { t } = req;
    const filter = { action: text(http.query.action), actor: text(http.query.actor), subject: text(http.query.subject) };
    const before = Number(http.query.before);
    const entries = await req.db.auditEntry.findMany({
      where: {
        ...(filter.action ? { action: { startsWith: filter.action } } : {}),
        ...(filter.actor ? { actor: { contains: filter.actor } } : {}),
        ...(filter.subject ? { subject: { contains: filter.subject } } : {}),
        ...(Number.isInteger(before) && before > 0 ? { seq: { lt: before } } : {}),
      },
      orderBy: { seq: "desc" },
      take: PAGE,
    });
    const personIds = [...new Set(entries.map((e) => e.actor).filter((a) => a.startsWith("person:")))].map((a) =>
      a.slice("person:".length),
    );
    const names = new Map(
      (await req.db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, displayName: true } })).map((p) => [
        `person:${p.id}`,
        p.displayName,
      ]),
    );
    const verification = http.query.verify === "1" ? auditVerificationLines(await verifyAuditLog(req.db), req.zone) : undefined;
    const last = entries.at(-1);
    const next = new URLSearchParams({ ...filter, before: String(last?.seq ?? "") });
    await sendPage(res, req, {
      title: t("web.audit.title"),
      body: html`
        <section aria-labelledby="h-verify">
          <h2 id="h-verify">${t("web.audit.verify")}</h2>
          ${
            verification
              ? html`<ul>
                  ${verification.ok.map((l) => html`<li>✓ ${t(l.key, l.vars)}</li>`)}
                  ${verification.problems.map((l) => html`<li class="problems" role="alert">✗ ${t(l.key, l.vars)}</li>`)}
                </ul>`
              : html`<p><a href="/console/audit?verify=1">${t("web.audit.runVerify")}</a></p>`
          }
        </section>
        <form method="get" action="/console/audit" class="inline" role="search">
          <label for="f-action">${t("web.audit.action")}<input id="f-action" name="action" value="${filter.action}" /></label>
          <label for="f-actor">${t("web.audit.actor")}<input id="f-actor" name="actor" value="${filter.actor}" /></label>
          <label for="f-subject">${t("web.audit.subject")}<input id="f-subject" name="subject" value="${filter.subject}" /></label>
          <button type="submit">${t("web.audit.filter")}</button>
        </form>
        ${table(
          t("web.audit.entries"),
          ["#", t("web.col.at"), t("web.audit.actor"), t("web.audit.action"), t("web.audit.subject"), t("web.audit.payload")],
          entries.map((e) => [
            String(e.seq),
            formatInstant(e.at, req.zone, req.locale),
            names.has(e.actor) ? `${names.get(e.actor)} (${e.actor})` : e.actor,
            e.action,
            e.subject,
            html`<code>${e.payload.length > 300 ? `${e.payload.slice(0, 300)}…` : e.payload}</code>`,
          ]),
          [0],
        )}
        ${entries.length === PAGE ? html`<p><a href="/console/audit?${next.toString()}">${t("web.audit.older")}</a></p>` : ""}
      `,
    });
  });
}

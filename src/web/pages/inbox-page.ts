// Parked chat events in the console (`kyodo inbox failed / retry`): what people sent that Kyodo accepted but could
// not process after every attempt — kept, never dropped — with the last error, so the secretariat can fix the cause
// and put one back in line (the running Kyodo takes it within seconds). Putting someone's vote back to run again is
// a decision, so it asks first and the audit log records who did it, with channel "web".
import type { Request } from "express";
import { html } from "hono/html";
import { appendAuditEntry } from "../../domain/audit/append-audit-entry.ts";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { findParkedEvent, listParkedEvents, retryParkedEvent } from "../../engine/inbox-store.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, doneNotice, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html } from "../layout.ts";

function eventId(http: Request): string {
  const id = String(http.params.id ?? "");
  // cuid from Prisma, or a UUID (hyphens included) from the inbox's group commit
  if (!/^[a-z0-9-]{6,40}$/.test(id)) throw new UserError("web.error.notFound", {});
  return id;
}

async function parked(req: ConsoleRequest): Promise<Html> {
  const { t } = req;
  const rows = await listParkedEvents(req.db, 200);
  if (rows.length === 0) return html`<p>${t("console2.inbox.none")}</p>`;
  return html`<p>${t("console2.inbox.intro")}</p>
    ${table(
      t("console2.inbox.caption", { count: rows.length }),
      [
        t("email.cli.received"),
        t("web.col.platform"),
        t("console2.inbox.user"),
        t("web.col.what"),
        t("console2.inbox.attempts"),
        t("console2.inbox.lastError"),
        "",
      ],
      rows.map((r) => [
        formatInstant(r.receivedAt, req.zone, req.locale),
        r.platform,
        r.user,
        r.what,
        r.attempts,
        r.lastError,
        html`<form method="post" action="/console/inbox/${r.id}/retry" class="inline">
          ${csrfField(req.view)}<button type="submit" class="secondary">${t("console2.inbox.retry")}</button>
        </form>`,
      ]),
    )}`;
}

export function registerInboxRoutes(routes: ConsoleRoutes): void {
  routes.get("/inbox", async (req, http, res) => {
    if (await refuseUnless(req, res, "inbox.retry")) return;
    await sendPage(res, req, { title: req.t("console2.nav.inbox"), notice: doneNotice(req, http), body: await parked(req) });
  });
  routes.post("/inbox/:id/retry", async (req, http, res) => {
    if (await refuseUnless(req, res, "inbox.retry")) return;
    const id = eventId(http);
    const event = await findParkedEvent(req.db, id);
    if (!event) throw new UserError("inbox.cliNotFound", { id });
    const question = req.t("console2.inbox.confirmRetry", {
      platform: event.platform,
      at: formatInstant(event.receivedAt, req.zone, req.locale),
    });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.inbox.retry") })) return;
    const found = await retryParkedEvent(req.db, id, req.now);
    await appendAuditEntry(req.db, { actor: req.actor, action: "inbox.retry", subject: `inbox:${found}`, at: req.now });
    res.redirect(303, "/console/inbox?done=inboxRetried");
  });
}

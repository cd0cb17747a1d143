// Broadcasts (お知らせ) from the console: write one (audience as chat and the CLI allow it — all member bodies, an
// organ's seats with or without its linked groups, chosen bodies, or the bodies that have not yet answered an open
// deadline — the text, and an optional send time), preview exactly who gets it and who cannot be reached
// (planBroadcast, chat's and the CLI's dry run), then send it with createBroadcast, the same use case. The list
// shows past broadcasts with their delivery status (broadcastSummary, as `kyodo broadcast status`); a scheduled one
// can be cancelled and failed deliveries retried. The form and preview are in broadcast-compose.ts.
import { html } from "hono/html";
import { broadcastSummary } from "../../domain/broadcasts/broadcast-summary.ts";
import { cancelBroadcast, createBroadcast } from "../../domain/broadcasts/create-broadcast.ts";
import { findBroadcast, recentBroadcasts } from "../../domain/broadcasts/find-broadcast.ts";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { retryFailed } from "../../domain/delivery/retry-deliveries.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, doneNotice, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html } from "../layout.ts";
import { composeForm, EMPTY_FORM, posted, preview, read } from "./broadcast-compose.ts";

async function history(req: ConsoleRequest): Promise<Html> {
  const { t } = req;
  const list = await recentBroadcasts(req.db, req.councilId, 20);
  const rows: Array<Array<string | Html>> = [];
  for (const b of list) {
    const s = await broadcastSummary(req.db, b.id);
    rows.push([
      html`<a href="/console/broadcasts/${b.id.slice(-6)}">${b.id.slice(-6)}</a>`,
      formatInstant(b.sendAt, req.zone, req.locale),
      t(`broadcasts.states.${b.state}`),
      String(s.counts.sent),
      String(s.counts.queued + s.counts.sending),
      String(s.counts.failed),
      b.text.slice(0, 40),
    ]);
  }
  if (rows.length === 0) return html`<p>${t("webmore.broadcast.none")}</p>`;
  const c = (k: string) => t(`broadcasts.columns.${k}`);
  return table(
    t("webmore.broadcast.past"),
    [t("webmore.broadcast.id"), c("when"), c("state"), c("sent"), t("webmore.broadcast.queued"), c("failed"), c("text")],
    rows,
    [3, 4, 5],
  );
}

export function registerBroadcastRoutes(routes: ConsoleRoutes): void {
  routes.get("/broadcasts", async (req, http, res) => {
    if (await refuseUnless(req, res, "broadcast.send")) return;
    await sendPage(res, req, {
      title: req.t("webmore.broadcast.title"),
      notice: doneNotice(req, http),
      body: html`<section aria-labelledby="h-new">
          <h2 id="h-new">${req.t("webmore.broadcast.new")}</h2>
          ${await composeForm(req, EMPTY_FORM)}
        </section>
        <section aria-labelledby="h-past">
          <h2 id="h-past">${req.t("webmore.broadcast.past")}</h2>
          ${await history(req)}
        </section>`,
    });
  });
  // Previewing writes nothing; it is a POST because the text can be long.
  routes.post("/broadcasts/preview", async (req, http, res) => {
    if (await refuseUnless(req, res, "broadcast.send")) return;
    const form = posted(http);
    const result = await read(req, form);
    if (!result.ok) {
      await sendPage(res, req, { title: req.t("webmore.broadcast.title"), body: await composeForm(req, form, result.problems) }, 422);
      return;
    }
    await sendPage(res, req, { title: req.t("webmore.broadcast.title"), body: await preview(req, form, result.draft) });
  });
  routes.post("/broadcasts/send", async (req, http, res) => {
    if (await refuseUnless(req, res, "broadcast.send")) return;
    const form = posted(http);
    const result = await read(req, form);
    if (!result.ok) {
      await sendPage(res, req, { title: req.t("webmore.broadcast.title"), body: await composeForm(req, form, result.problems) }, 422);
      return;
    }
    const { draft } = result;
    await createBroadcast(
      req.db,
      {
        councilId: req.councilId,
        createdById: req.person.personId,
        audience: draft.audience,
        channels: draft.channels,
        text: draft.text,
        at: draft.at,
        urgent: draft.urgent,
      },
      req.now,
    );
    res.redirect(303, "/console/broadcasts?done=broadcastCreated");
  });
  routes.get("/broadcasts/:id", async (req, http, res) => {
    if (await refuseUnless(req, res, "broadcast.send")) return;
    const broadcast = await findBroadcast(req.db, req.councilId, String(http.params.id ?? ""));
    await sendPage(res, req, {
      title: req.t("webmore.broadcast.one", { id: broadcast.id.slice(-6) }),
      notice: doneNotice(req, http),
      body: await detail(req, broadcast),
    });
  });
  // Cancelling and retrying ask first (askToConfirm), then run the use cases `kyodo broadcast cancel / retry` run.
  routes.post("/broadcasts/:id/cancel", async (req, http, res) => {
    if (await refuseUnless(req, res, "broadcast.cancel")) return;
    const broadcast = await findBroadcast(req.db, req.councilId, String(http.params.id ?? ""));
    if (broadcast.state !== "scheduled") throw new UserError("cli.notCancellable");
    const when = formatInstant(broadcast.sendAt, req.zone, req.locale);
    if (await askToConfirm(req, http, res, req.t("webmore.broadcast.askCancel", { when, text: broadcast.text.slice(0, 80) }))) return;
    if (!(await cancelBroadcast(req.db, broadcast.id, req.person.personId, req.now))) throw new UserError("cli.notCancellable");
    res.redirect(303, `/console/broadcasts/${broadcast.id.slice(-6)}?done=broadcastCancelled`);
  });
  routes.post("/broadcasts/:id/retry", async (req, http, res) => {
    if (await refuseUnless(req, res, "broadcast.send")) return;
    const broadcast = await findBroadcast(req.db, req.councilId, String(http.params.id ?? ""));
    const failed = await req.db.delivery.count({ where: { broadcastId: broadcast.id, state: "failed" } });
    if (failed === 0) throw new UserError("webmore.broadcast.nothingFailed");
    if (await askToConfirm(req, http, res, req.t("webmore.broadcast.askRetry", { count: failed }))) return;
    await retryFailed(req.db, { broadcastId: broadcast.id }, req.actor, req.now);
    res.redirect(303, `/console/broadcasts/${broadcast.id.slice(-6)}?done=broadcastRetried`);
  });
}

async function detail(req: ConsoleRequest, broadcast: { id: string; sendAt: Date; state: string; text: string }): Promise<Html> {
  const { t } = req;
  const s = await broadcastSummary(req.db, broadcast.id);
  const c = (k: string) => t(`broadcasts.columns.${k}`);
  const short = broadcast.id.slice(-6);
  const action = (path: string, label: string, danger = false) =>
    html`<form method="post" action="/console/broadcasts/${short}/${path}" class="inline">
      ${csrfField(req.view)}<button type="submit" class="${danger ? "danger" : ""}">${t(label)}</button>
    </form>`;
  return html`<dl class="fields">
      <dt>${c("when")}</dt>
      <dd>${formatInstant(broadcast.sendAt, req.zone, req.locale)}</dd>
      <dt>${c("state")}</dt>
      <dd>${t(`broadcasts.states.${broadcast.state}`)}</dd>
      <dt>${c("sent")}</dt>
      <dd>${s.counts.sent}</dd>
      <dt>${t("webmore.broadcast.queued")}</dt>
      <dd>${s.counts.queued + s.counts.sending}</dd>
      <dt>${c("failed")}</dt>
      <dd>${s.counts.failed}</dd>
    </dl>
    <p class="pre">${broadcast.text}</p>
    ${broadcast.state === "scheduled" ? action("cancel", "webmore.broadcast.cancelButton", true) : ""}
    ${s.counts.failed > 0 ? action("retry", "webmore.broadcast.retryButton") : ""}
    ${
      s.failures.length > 0
        ? table(
            t("webmore.broadcast.failures"),
            [c("body"), c("person"), c("platform"), c("reason")],
            s.failures.map((f) => [f.body, f.person, f.platform, f.reason]),
          )
        : ""
    }`;
}

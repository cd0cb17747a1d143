// Email votes waiting for the secretariat (`kyodo mail inbox --unclear / show / resolve`): the received messages
// Kyodo could not fully read, with what it read, who sent it for which ballot, and the authentication result. The
// secretariat records the vote the voter plainly meant (read from its own words as a chat vote is, and answered
// to the voter by email in the thread of their message) or closes the review with a note — through resolveInbound,
// after a confirmation, audited with channel "web". The raw source stays in the CLI (`mail show --raw`).
import type { Request } from "express";
import { html } from "hono/html";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { findInbound, listInbound } from "../../domain/email/inbox.ts";
import { resolveInbound } from "../../domain/email/resolve-inbound.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, doneNotice, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html } from "../layout.ts";
import { inBothLanguages } from "../problems.ts";

function mailId(http: Request): string {
  const id = String(http.params.id ?? "");
  if (!/^[a-z0-9]{6,40}$/.test(id)) throw new UserError("web.error.notFound", {});
  return id;
}

async function inboxPage(req: ConsoleRequest, all: boolean): Promise<Html> {
  const { t } = req;
  const rows = await listInbound(req.db, { open: !all, limit: 200 });
  const switchLink = all
    ? html`<a href="/console/mail">${t("console2.mail.onlyOpen")}</a>`
    : html`<a href="/console/mail?all=1">${t("console2.mail.all")}</a>`;
  if (rows.length === 0)
    return html`<p>${switchLink}</p>
      <p>${t(all ? "email.cli.inboxEmpty" : "console2.mail.noneOpen")}</p>`;
  return html`<p>${switchLink}</p>
    ${table(
      t(all ? "console2.mail.allCaption" : "console2.mail.openCaption"),
      [t("email.cli.received"), "From", t("email.cli.ballot"), t("email.cli.outcome"), t("email.cli.review")],
      rows.map((r) => [
        html`<a href="/console/mail/${r.id}">${formatInstant(r.receivedAt, req.zone, req.locale)}</a>`,
        r.handle ? `${r.fromAddress ?? "—"} (${r.handle})` : (r.fromAddress ?? "—"),
        r.ballotNumber ? t("console2.mail.ballot", { number: r.ballotNumber }) : "—",
        t(`email.outcome.${r.outcome}`) + (r.arrivals > 1 ? ` ×${r.arrivals}` : "") + (r.dkim === "fail" ? " (DKIM fail)" : ""),
        r.review ? t(`email.review.${r.review}`) : "",
      ]),
    )}`;
}

async function messagePage(req: ConsoleRequest, id: string): Promise<Html> {
  const { t } = req;
  const { mail, ballot, person, body } = await findInbound(req.db, id);
  const when = (d: Date) => formatInstant(d, req.zone, req.locale);
  const fields: Array<[string, string]> = [
    [t("email.cli.received"), `${when(mail.receivedAt)}${mail.arrivals > 1 ? ` (×${mail.arrivals})` : ""}`],
    ["From", mail.fromAddress ?? "—"],
    [t("email.cli.subject"), mail.subject ?? "—"],
    [t("email.cli.voter"), person ? `${person.displayName} (${person.handle})${body ? `・${body}` : ""}` : "—"],
    [t("email.cli.ballot"), ballot ? `${t("console2.mail.ballot", { number: ballot.number })} ${ballot.title}` : "—"],
    [
      t("email.cli.outcome"),
      `${t(`email.outcome.${mail.outcome}`)}${mail.receipt ? `  ${t("motions.fields.receipt")}: ${mail.receipt}` : ""}`,
    ],
    ["DKIM / SPF / DMARC", `${mail.dkim ?? "—"} / ${mail.spf ?? "—"} / ${mail.dmarc ?? "—"}`],
    [t("email.cli.review"), mail.review ? `${t(`email.review.${mail.review}`)}${mail.resolution ? `: ${mail.resolution}` : ""}` : "—"],
  ];
  const base = `/console/mail/${mail.id}`;
  return html`<dl class="fields">
      ${fields.map(
        ([label, value]) =>
          html`<dt>${label}</dt>
            <dd>${value}</dd>`,
      )}
    </dl>
    <h2>${t("email.cli.readText")}</h2>
    <pre class="mail-text">${mail.text ?? "—"}</pre>
    ${
      mail.review === "open"
        ? html`<section aria-labelledby="h-actions">
            <h2 id="h-actions">${t("web.actions")}</h2>
            ${
              mail.personId && mail.ballotId
                ? html`<form class="stack" method="post" action="${base}/resolve">
                    ${csrfField(req.view)}<input type="hidden" name="action" value="vote" />
                    <h3>${t("console2.mail.recordHeading")}</h3>
                    <p>
                      <label for="mail-vote">${t("console2.mail.vote")}</label>
                      <input id="mail-vote" name="vote" required placeholder="議案1 賛成、議案2 反対" />
                    </p>
                    <p>
                      <label for="mail-note">${t("console2.inquiry.note")}</label>
                      <input id="mail-note" name="note" maxlength="500" placeholder="${t("console2.mail.notePlaceholder")}" />
                    </p>
                    <p><button type="submit">${t("console2.mail.record")}</button></p>
                  </form>`
                : ""
            }
            <form class="stack" method="post" action="${base}/resolve">
              ${csrfField(req.view)}<input type="hidden" name="action" value="dismiss" />
              <h3>${t("console2.mail.dismissHeading")}</h3>
              <p>
                <label for="mail-dismiss-note">${t("console2.inquiry.note")}</label>
                <input id="mail-dismiss-note" name="note" maxlength="500" />
              </p>
              <p><button type="submit" class="secondary">${t("console2.mail.dismiss")}</button></p>
            </form>
          </section>`
        : ""
    }`;
}

export function registerMailReviewRoutes(routes: ConsoleRoutes): void {
  routes.get("/mail", async (req, http, res) => {
    if (await refuseUnless(req, res, "email.resolve")) return;
    await sendPage(res, req, { title: req.t("console2.nav.mail"), body: await inboxPage(req, http.query.all === "1") });
  });
  routes.get("/mail/:id", async (req, http, res) => {
    if (await refuseUnless(req, res, "email.resolve")) return;
    await sendPage(res, req, {
      title: req.t("console2.nav.mail"),
      notice: doneNotice(req, http),
      body: await messagePage(req, mailId(http)),
    });
  });
  routes.post("/mail/:id/resolve", async (req, http, res) => {
    if (await refuseUnless(req, res, "email.resolve")) return;
    const { mail, person } = await findInbound(req.db, mailId(http));
    const dismiss = field(http, "action") === "dismiss";
    const vote = field(http, "vote").trim();
    const note = field(http, "note").trim();
    if (!dismiss && !vote) throw new UserError("email.cli.voteOrDismiss", {});
    const who = person?.displayName ?? mail.fromAddress ?? "—";
    const question = dismiss ? req.t("console2.mail.confirmDismiss", { who }) : req.t("console2.mail.confirmRecord", { who, vote });
    const yes = req.t(dismiss ? "console2.mail.dismiss" : "console2.mail.record");
    if (await askToConfirm(req, http, res, question, { yes, carry: { action: dismiss ? "dismiss" : "vote", vote, note } })) return;
    const result = await resolveInbound(
      req.db,
      { id: mail.id, vote: dismiss ? undefined : vote, note: note || undefined, actor: req.actor },
      req.now,
    );
    if (!dismiss && result.unclear.length > 0) {
      // Part of what was given could not be read either: recorded what was clear, and say so rather than a plain "done".
      await sendPage(res, req, {
        title: req.t("console2.nav.mail"),
        notice: { kind: "error", text: inBothLanguages(req, "email.cli.stillUnclear", { count: result.unclear.length }) },
        body: html`<p><a href="/console/mail/${mail.id}">${req.t("console2.mail.back")}</a></p>`,
      });
      return;
    }
    res.redirect(303, `/console/mail/${mail.id}?done=${dismiss ? "mailDismissed" : "mailRecorded"}`);
  });
}

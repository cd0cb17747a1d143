// The console's page shell: language, title, navigation, sign-out, and a place for what happened ("extended to
// …"). Pages are server-rendered with hono's `html` tagged template, which escapes every interpolated value
// unless it is itself markup built the same way (or an SVG chart passed through `raw`).
import { html } from "hono/html";
import type { Translate } from "../engine/i18n.ts";

export type Html = ReturnType<typeof html>;

export interface PageView {
  t: Translate;
  locale: string;
  csrf: string;
  /** the signed-in person's name; absent on the sign-in pages */
  who?: string;
  secretariat: boolean;
}

export interface PageContent {
  title: string;
  /** one line at the top telling what the last action did */
  notice?: { kind: "ok" | "error"; text: string };
  body: Html;
}

export function csrfField(view: Pick<PageView, "csrf">): Html {
  return html`<input type="hidden" name="_csrf" value="${view.csrf}" />`;
}

export function page(view: PageView, content: PageContent): Html {
  const { t } = view;
  return html`<!doctype html>
    <html lang="${view.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${content.title} — ${t("web.product")}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">${t("web.skip")}</a>
        <header class="top">
          <span class="brand">${t("web.product")}</span>
          ${
            view.who
              ? html`<nav aria-label="${t("web.nav.label")}">
                    <a href="/console/">${t("web.nav.home")}</a>
                    <a href="/console/candidates">${t("web.nav.candidates")}</a>
                    <a href="/console/usage">${t("web.nav.usage")}</a>
                    <a href="/console/money">${t("web.nav.money")}</a>
                    <a href="/console/inquiries">${t("console2.nav.inquiries")}</a>
                    ${
                      view.secretariat
                        ? html`<a href="/console/surveys/new">${t("web.nav.newSurvey")}</a>
                            <a href="/console/ballots/new">${t("web.nav.newBallot")}</a>
                            <a href="/console/broadcasts">${t("webmore.nav.broadcasts")}</a>
                            <a href="/console/people">${t("consolePeople.title")}</a>
                            <a href="/console/imports">${t("webmore.nav.imports")}</a>
                            <a href="/console/codes">${t("webmore.nav.codes")}</a>
                            <a href="/console/mail">${t("console2.nav.mail")}</a>
                            <a href="/console/inbox">${t("console2.nav.inbox")}</a>
                            <a href="/console/audit">${t("web.nav.audit")}</a>`
                        : ""
                    }
                  </nav>
                  <form method="post" action="/console/sign-out" class="signout">
                    ${csrfField(view)}<span>${view.who}</span> <button type="submit">${t("web.signOut")}</button>
                  </form>`
              : ""
          }
        </header>
        <main id="main">
          <h1>${content.title}</h1>
          ${
            content.notice
              ? html`<p class="notice ${content.notice.kind}" role="${content.notice.kind === "error" ? "alert" : "status"}">
                  ${content.notice.text}
                </p>`
              : ""
          }
          ${content.body}
        </main>
      </body>
    </html>`;
}

/** A table with a caption and headers; cells are text (escaped) or markup. */
export function table(caption: string, columns: string[], rows: Array<Array<string | number | Html>>, numeric: number[] = []): Html {
  const num = new Set(numeric);
  return html`<div class="table-wrap">
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${columns.map((c, i) => html`<th scope="col" class="${num.has(i) ? "num" : ""}">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              ${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td class="${num.has(i) ? "num" : ""}">${cell}</td>`))}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** "12 / 54" with a progress bar that screen readers announce with its label. */
export function progress(label: string, done: number, total: number): Html {
  return html`<label class="progress"
    >${label} <progress max="${Math.max(total, 1)}" value="${done}">${done}/${total}</progress> <span>${done} / ${total}</span></label
  >`;
}

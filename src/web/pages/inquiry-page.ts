// Inquiries (照会) in the console. Members see chat's own views (their bodies' inquiries and status). The
// secretariat sees every inquiry with its progress by body (who answered, when, with what note; for the others,
// the staff reminders go to) and does what it otherwise does in chat or the CLI: extend or reopen, close early,
// remind now, and record a body's answer that came by phone, mail or on paper. Each change runs its domain use
// case (domain/inquiries/*), is confirmed first when it cannot be taken back, and is audited with channel "web".
import type { Request } from "express";
import { html } from "hono/html";
import { inquiryCommand } from "../../commands/inquiries.ts";
import { parseDateTime } from "../../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { closeInquiry, setInquiryDeadline } from "../../domain/inquiries/change-inquiry-deadline.ts";
import { findInquiry, INQUIRY_SUBJECT } from "../../domain/inquiries/create-inquiry.ts";
import { inquiryStatus } from "../../domain/inquiries/inquiry-status.ts";
import { recordAnswerForBody } from "../../domain/inquiries/record-answer-for-body.ts";
import { bodyContacts } from "../../domain/reminders/contacts.ts";
import { remindNow } from "../../domain/reminders/remind-now.ts";
import { UserError } from "../../lib/user-error.ts";
import { findInSlices } from "../../storage/chunked.ts";
import { askToConfirm, doneNotice, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import { permitted, type ConsoleRequest } from "../console-request.ts";
import { csrfField, progress, table, type Html } from "../layout.ts";
import { chatContext, renderMessage } from "../render-blocks.ts";

type Status = Awaited<ReturnType<typeof inquiryStatus>>;

async function inquiryFor(req: ConsoleRequest, http: Request) {
  const value = String(http.params.number ?? "");
  if (!/^\d{1,6}$/.test(value)) throw new UserError("web.error.notFound", {});
  return findInquiry(req.db, req.councilId, Number(value));
}

const isOpen = (inquiry: { closedAt: Date | null; dueAt: Date }, now: Date) => !inquiry.closedAt && now < inquiry.dueAt;

/** Chat's own answer to `inquiry …`, as HTML: what a member sees here is what they see in chat. */
async function chatView(req: ConsoleRequest, args: string[]): Promise<Html> {
  const result = await inquiryCommand.run(chatContext(req), args);
  return html`${(Array.isArray(result) ? result : []).map((m) => html`<section>${renderMessage(m)}</section>`)}`;
}

/** Every addressed body: answered (who, when, note) or not (the staff reminders go to). */
async function byBody(req: ConsoleRequest, status: Status): Promise<Html> {
  const { db, t } = req;
  const contacts = await bodyContacts(
    db,
    status.pending.map((b) => b.id),
  );
  const personIds = [
    ...new Set([...status.answered.map((a) => a.response.personId), ...[...contacts.values()].flatMap((c) => c.usualContactIds)]),
  ];
  const people = new Map(
    (
      await findInSlices(personIds, (ids) => db.person.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }))
    ).map((p) => [p.id, p.displayName]),
  );
  const sep = req.locale === "ja" ? "、" : ", ";
  const answered = status.answered.map(({ body, response }) => [
    body.name,
    body.code ?? "—",
    t("inquiries.answered"),
    `${people.get(response.personId) ?? "?"} (${formatInstant(response.respondedAt, req.zone, req.locale)})`,
    response.note ?? "",
  ]);
  const pending = status.pending.map((body) => [
    body.name,
    body.code ?? "—",
    t("inquiries.notYet"),
    contacts
      .get(body.id)
      ?.usualContactIds.map((id) => people.get(id) ?? "?")
      .join(sep) || t("web.survey.noStaff"),
    "",
  ]);
  return table(
    t("console2.inquiry.byBody"),
    [t("web.col.body"), t("web.col.code"), t("web.col.state"), t("web.survey.whoOrChase"), t("console2.inquiry.note")],
    [...pending, ...answered],
  );
}

function actions(req: ConsoleRequest, status: Status): Html {
  const { t } = req;
  const inquiry = status.inquiry;
  const n = inquiry.number;
  const open = isOpen(inquiry, req.now);
  return html`<section aria-labelledby="h-actions">
    <h2 id="h-actions">${t("web.actions")}</h2>
    <form class="inline" method="post" action="/console/inquiries/${n}/extend">
      ${csrfField(req.view)}
      <label for="inquiry-due">${t(open ? "web.action.newDeadline" : "web.action.reopenUntil")}</label>
      <input id="inquiry-due" name="due" type="datetime-local" required />
      <button type="submit">${t(open ? "web.action.extend" : "web.action.reopen")}</button>
    </form>
    ${
      open
        ? html`<form class="inline" method="post" action="/console/inquiries/${n}/remind">
              ${csrfField(req.view)}<button type="submit" class="secondary">
                ${t("web.action.remind", { count: status.pending.length })}
              </button>
            </form>
            <form class="inline" method="post" action="/console/inquiries/${n}/close">
              ${csrfField(req.view)}<button type="submit" class="danger">${t("web.action.close")}</button>
            </form>`
        : ""
    }
    ${
      inquiry.closedAt
        ? ""
        : html`<form class="stack" method="post" action="/console/inquiries/${n}/answer">
            ${csrfField(req.view)}
            <h3>${t("console2.inquiry.recordHeading")}</h3>
            <p class="muted">${t("console2.inquiry.recordIntro")}</p>
            <p>
              <label for="answer-body">${t("web.col.body")}</label>
              <select id="answer-body" name="body" required>
                <option value="">—</option>
                ${status.pending.map((b) => html`<option value="${b.id}">${b.name}</option>`)}
                ${status.answered.map((a) => html`<option value="${a.body.id}">${t("console2.inquiry.again", { body: a.body.name })}</option>`)}
              </select>
            </p>
            <p>
              <label for="answer-note">${t("console2.inquiry.note")}</label>
              <input id="answer-note" name="note" maxlength="500" placeholder="${t("console2.inquiry.notePlaceholder")}" />
            </p>
            <p><button type="submit">${t("console2.inquiry.record")}</button></p>
          </form>`
    }
  </section>`;
}

async function inquiriesList(req: ConsoleRequest): Promise<Html> {
  const { t } = req;
  const inquiries = await req.db.inquiry.findMany({
    where: { councilId: req.councilId },
    orderBy: { number: "desc" },
    take: 200,
    include: { _count: { select: { targets: true } } },
  });
  const answered = await req.db.inquiryResponse.groupBy({
    by: ["inquiryId", "bodyId"],
    where: { inquiryId: { in: inquiries.map((i) => i.id) }, current: true },
  });
  const count = new Map<string, number>();
  for (const a of answered) count.set(a.inquiryId, (count.get(a.inquiryId) ?? 0) + 1);
  const rows = inquiries.map((i) => [
    html`<a href="/console/inquiries/${i.number}">${t("web.inquiryLabel", { number: i.number, title: i.title })}</a>`,
    formatInstant(i.dueAt, req.zone, req.locale),
    t(isOpen(i, req.now) ? "console2.inquiry.open" : "console2.inquiry.closed"),
    progress(t("web.col.answered"), count.get(i.id) ?? 0, i._count.targets),
  ]);
  return html`<p><a href="/console/inquiries/new">${t("console2.nav.newInquiry")}</a></p>
    ${
      rows.length === 0
        ? html`<p>${t("console2.inquiry.none")}</p>`
        : table(t("console2.nav.inquiries"), [t("web.col.title"), t("web.col.due"), t("web.col.state"), t("web.col.progress")], rows)
    }`;
}

export function registerInquiryRoutes(routes: ConsoleRoutes): void {
  routes.get("/inquiries", async (req, http, res) => {
    const body = permitted(req, "inquiry.send") ? await inquiriesList(req) : await chatView(req, []);
    await sendPage(res, req, { title: req.t("console2.nav.inquiries"), notice: doneNotice(req, http), body });
  });
  routes.get("/inquiries/:number", async (req, http, res) => {
    const inquiry = await inquiryFor(req, http);
    // Staff: chat's view of their body's status (they report in chat, where the 回答済みにする button is).
    if (!permitted(req, "inquiry.send")) {
      await sendPage(res, req, { title: req.t("web.home.inquiries"), body: await chatView(req, [String(inquiry.number)]) });
      return;
    }
    const status = await inquiryStatus(req.db, inquiry.id);
    const when = (d: Date) => formatInstant(d, req.zone, req.locale);
    await sendPage(res, req, {
      title: req.t("web.inquiryLabel", { number: inquiry.number, title: inquiry.title }),
      notice: doneNotice(req, http),
      body: html`${actions(req, status)}
        <section aria-labelledby="h-inquiry">
          <h2 id="h-inquiry">${req.t("console2.inquiry.details")}</h2>
          <dl class="fields">
            <dt>${req.t("web.col.due")}</dt>
            <dd>${when(inquiry.dueAt)}</dd>
            <dt>${req.t("web.col.state")}</dt>
            <dd>
              ${
                inquiry.closedAt
                  ? req.t("console2.inquiry.closedAt", { at: when(inquiry.closedAt) })
                  : req.t(isOpen(inquiry, req.now) ? "console2.inquiry.open" : "console2.inquiry.closed")
              }
            </dd>
          </dl>
          ${inquiry.body ? html`<p class="prewrap">${inquiry.body}</p>` : ""}
          ${progress(req.t("inquiries.progress"), status.answered.length, status.total)}
        </section>
        <section aria-labelledby="h-bodies">
          <h2 id="h-bodies">${req.t("console2.inquiry.byBody")}</h2>
          ${await byBody(req, status)}
        </section>`,
    });
  });
  routes.post("/inquiries/:number/extend", async (req, http, res) => {
    if (await refuseUnless(req, res, "inquiry.send")) return;
    const inquiry = await inquiryFor(req, http);
    const dueAt = parseDateTime(field(http, "due"), req.zone);
    if (!dueAt) throw new UserError("web.error.badDate", {});
    await setInquiryDeadline(req.db, { inquiryId: inquiry.id, dueAt, actor: req.actor }, req.now, req.zone);
    res.redirect(303, `/console/inquiries/${inquiry.number}?done=extended`);
  });
  routes.post("/inquiries/:number/close", async (req, http, res) => {
    if (await refuseUnless(req, res, "inquiry.send")) return;
    const inquiry = await inquiryFor(req, http);
    const status = await inquiryStatus(req.db, inquiry.id);
    const question = req.t("console2.inquiry.confirmClose", {
      label: req.t("web.inquiryLabel", { number: inquiry.number, title: inquiry.title }),
      pending: status.pending.length,
      total: status.total,
    });
    if (await askToConfirm(req, http, res, question)) return;
    await closeInquiry(req.db, { inquiryId: inquiry.id, actor: req.actor }, req.now);
    res.redirect(303, `/console/inquiries/${inquiry.number}?done=closed`);
  });
  routes.post("/inquiries/:number/remind", async (req, http, res) => {
    if (await refuseUnless(req, res, "inquiry.send")) return;
    const inquiry = await inquiryFor(req, http);
    await remindNow(req.db, req.trackers, { subjectType: INQUIRY_SUBJECT, subjectId: inquiry.id, actor: req.actor }, req.now);
    res.redirect(303, `/console/inquiries/${inquiry.number}?done=reminded`);
  });
  routes.post("/inquiries/:number/answer", async (req, http, res) => {
    if (await refuseUnless(req, res, "inquiry.send")) return;
    const inquiry = await inquiryFor(req, http);
    const bodyId = field(http, "body");
    const note = field(http, "note").trim();
    const target = bodyId
      ? await req.db.inquiryTarget.findUnique({ where: { inquiryId_bodyId: { inquiryId: inquiry.id, bodyId } } })
      : null;
    if (!target) throw new UserError("console2.inquiry.pickBody", {});
    const body = await req.db.body.findUniqueOrThrow({ where: { id: bodyId } });
    const question = req.t(note ? "console2.inquiry.confirmRecordNote" : "console2.inquiry.confirmRecord", {
      body: body.name,
      label: req.t("web.inquiryLabel", { number: inquiry.number, title: inquiry.title }),
      note,
    });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.inquiry.record"), carry: { body: bodyId, note } })) return;
    await recordAnswerForBody(
      req.db,
      { inquiryId: inquiry.id, bodyId, recordedById: req.person.personId, note, actor: req.actor },
      req.now,
    );
    res.redirect(303, `/console/inquiries/${inquiry.number}?done=answerRecorded`);
  });
}

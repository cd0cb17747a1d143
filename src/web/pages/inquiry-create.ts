// Opening an inquiry (照会) from the console: what `kyodo inquiry create` and chat's `inquiry new` do — a title, the
// details, a deadline, the bodies asked (all active member bodies unless some are named) and the reminder days —
// through the same use case (createInquiry). Problems are listed above the form; a valid form is shown back as a
// preview naming every body asked, and only its confirmation (checked again) opens the inquiry and tells the bodies.
import { html } from "hono/html";
import { findBody } from "../../domain/bodies/find-body.ts";
import { parseDateTime } from "../../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { createInquiry } from "../../domain/inquiries/create-inquiry.ts";
import { UserError } from "../../lib/user-error.ts";
import { field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, type Html } from "../layout.ts";
import { inBothLanguages, problemList } from "../problems.ts";

interface InquiryForm {
  title: string;
  text: string;
  due: string;
  bodies: string;
  reminders: string;
}

interface CheckedInquiry {
  title: string;
  text: string;
  dueAt: Date;
  /** undefined: every active member body */
  bodies?: Array<{ id: string; name: string }>;
  reminderOffsets: number[];
}

const FIELDS = ["title", "text", "due", "bodies", "reminders"] as const;

function readForm(values: (name: string) => string): InquiryForm {
  return {
    title: values("title").trim(),
    text: values("text").trim(),
    due: values("due").trim(),
    bodies: values("bodies").trim(),
    reminders: values("reminders").trim() || "7,3,1,0",
  };
}

/** The form checked as createInquiry will check it, plus what only a form can get wrong (names, days). */
async function check(
  req: ConsoleRequest,
  form: InquiryForm,
): Promise<{ ok: true; inquiry: CheckedInquiry } | { ok: false; problems: string[] }> {
  const problems: string[] = [];
  if (form.title.length === 0 || form.title.length > 200) problems.push(inBothLanguages(req, "inquiries.badTitle"));
  if (form.text.length > 4000) problems.push(inBothLanguages(req, "console2.inquiryNew.textTooLong", { max: 4000 }));
  const dueAt = parseDateTime(form.due, req.zone);
  if (!dueAt) problems.push(inBothLanguages(req, "web.error.badDate"));
  else if (dueAt <= req.now) problems.push(inBothLanguages(req, "reminders.deadlineInPast"));
  const names = [
    ...new Set(
      form.bodies
        .split(/[,、，\n]/)
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  ];
  const bodies: Array<{ id: string; name: string }> = [];
  for (const name of names) {
    try {
      const body = await findBody(req.db, req.councilId, name);
      if (!bodies.some((b) => b.id === body.id)) bodies.push({ id: body.id, name: body.name });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // "not found" or "which of these?", as the CLI says it for --bodies.
      problems.push(inBothLanguages(req, error.key, error.vars));
    }
  }
  const days = form.reminders
    .split(/[,、，\s]+/)
    .filter(Boolean)
    .map((d) => Number(d.normalize("NFKC")));
  if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 60)) problems.push(inBothLanguages(req, "console2.inquiryNew.badReminders"));
  if (problems.length > 0 || !dueAt) return { ok: false, problems };
  return {
    ok: true,
    inquiry: { title: form.title, text: form.text, dueAt, bodies: names.length > 0 ? bodies : undefined, reminderOffsets: days },
  };
}

function formPage(req: ConsoleRequest, form: InquiryForm, problems: string[] = []): Html {
  const { t } = req;
  return html`${problemList(req, problems)}
    <form method="post" action="/console/inquiries/new" class="stack">
      ${csrfField(req.view)}
      <p>${t("console2.inquiryNew.intro")}</p>
      <p>
        <label for="iq-title">${t("web.col.title")}</label>
        <input id="iq-title" name="title" maxlength="200" required value="${form.title}" />
      </p>
      <p>
        <label for="iq-text">${t("console2.inquiryNew.text")}</label>
        <textarea id="iq-text" name="text" rows="6">${form.text}</textarea>
      </p>
      <p>
        <label for="iq-due">${t("web.col.due")}</label>
        <input id="iq-due" name="due" required value="${form.due}" placeholder="2026-12-10 17:00" />
      </p>
      <p>
        <label for="iq-bodies">${t("console2.inquiryNew.bodies")}</label>
        <textarea id="iq-bodies" name="bodies" rows="3" aria-describedby="iq-bodies-hint">${form.bodies}</textarea>
        <span id="iq-bodies-hint" class="muted">${t("console2.inquiryNew.bodiesHint")}</span>
      </p>
      <p>
        <label for="iq-reminders">${t("console2.inquiryNew.reminders")}</label>
        <input id="iq-reminders" name="reminders" value="${form.reminders}" />
      </p>
      <p><button type="submit">${t("console2.inquiryNew.check")}</button></p>
    </form>`;
}

async function preview(req: ConsoleRequest, form: InquiryForm, inquiry: CheckedInquiry): Promise<Html> {
  const { t } = req;
  const everyone = inquiry.bodies
    ? undefined
    : await req.db.body.findMany({ where: { councilId: req.councilId, active: true }, select: { name: true }, orderBy: { name: "asc" } });
  const bodies = (inquiry.bodies ?? everyone ?? []).map((b) => b.name);
  return html`<section aria-labelledby="h-preview">
    <h2 id="h-preview">${t("console2.inquiryNew.preview")}</h2>
    <dl class="fields">
      <dt>${t("web.col.title")}</dt>
      <dd>${inquiry.title}</dd>
      <dt>${t("web.col.due")}</dt>
      <dd>${formatInstant(inquiry.dueAt, req.zone, req.locale)}</dd>
      <dt>${t("console2.inquiryNew.bodies")}</dt>
      <dd>
        ${inquiry.bodies ? "" : t("console2.inquiryNew.allBodies")} ${t("console2.inquiryNew.bodyCount", { count: bodies.length })}:
        ${bodies.join(req.locale === "ja" ? "、" : ", ")}
      </dd>
      <dt>${t("console2.inquiryNew.reminders")}</dt>
      <dd>${inquiry.reminderOffsets.join(", ")}</dd>
    </dl>
    ${inquiry.text ? html`<p class="prewrap">${inquiry.text}</p>` : ""}
    <form method="post" action="/console/inquiries/create" class="inline">
      ${csrfField(req.view)} ${FIELDS.map((name) => html`<input type="hidden" name="${name}" value="${form[name]}" />`)}
      <button type="submit">${t("console2.inquiryNew.send", { count: bodies.length })}</button>
    </form>
    <a href="/console/inquiries/new">${t("web.confirm.no")}</a>
  </section>`;
}

export function registerInquiryCreateRoutes(routes: ConsoleRoutes): void {
  routes.get("/inquiries/new", async (req, _http, res) => {
    if (await refuseUnless(req, res, "inquiry.send")) return;
    await sendPage(res, req, {
      title: req.t("console2.nav.newInquiry"),
      body: formPage(
        req,
        readForm(() => ""),
      ),
    });
  });
  routes.post("/inquiries/new", async (req, http, res) => {
    if (await refuseUnless(req, res, "inquiry.send")) return;
    const form = readForm((name) => field(http, name));
    const checked = await check(req, form);
    const title = req.t("console2.nav.newInquiry");
    if (!checked.ok) return sendPage(res, req, { title, body: formPage(req, form, checked.problems) }, 422);
    await sendPage(res, req, { title, body: await preview(req, form, checked.inquiry) });
  });
  routes.post("/inquiries/create", async (req, http, res) => {
    if (await refuseUnless(req, res, "inquiry.send")) return;
    const form = readForm((name) => field(http, name));
    const checked = await check(req, form);
    if (!checked.ok)
      return sendPage(res, req, { title: req.t("console2.nav.newInquiry"), body: formPage(req, form, checked.problems) }, 422);
    const { inquiry } = checked;
    const created = await createInquiry(
      req.db,
      {
        councilId: req.councilId,
        title: inquiry.title,
        body: inquiry.text,
        dueAt: inquiry.dueAt,
        bodyIds: inquiry.bodies?.map((b) => b.id),
        createdById: req.person.personId,
        reminderOffsets: inquiry.reminderOffsets,
      },
      req.now,
      req.zone,
    );
    res.redirect(303, `/console/inquiries/${created.number}?done=inquiryCreated`);
  });
}

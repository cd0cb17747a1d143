// The council's directory in the console, one person at a time (the CSV upload does many at once): a list to
// search by name, body and role; one person's page with their bodies, roles, seats, linked chat accounts and
// email addresses, and the forms that change them (person-actions.ts); and a form to add someone, checked and
// confirmed before addPerson runs, as `kyodo people add` does it. Only the secretariat sees any of it: the
// directory holds contact details.
import type { Request } from "express";
import { html, raw } from "hono/html";
import { emailDeliveryAddress } from "../../domain/email/addresses.ts";
import { listEmailAliases } from "../../domain/email/email-aliases.ts";
import { addPerson, personInputSchema, ROLES } from "../../domain/people/add-person.ts";
import { addStaffMembership } from "../../domain/people/add-staff-membership.ts";
import { cleanDisplayName, cleanEmail, cleanPersonChanges } from "../../domain/people/edit-person.ts";
import { findPerson } from "../../domain/people/find-person.ts";
import { nameKey, normalizeInput } from "../../lib/japanese/normalize.ts";
import { localMinute } from "../../lib/local-time.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, doneNotice, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html } from "../layout.ts";
import { inBothLanguages, problemList } from "../problems.ts";
import { bodyOptions, personForms } from "./person-forms.ts";

/** Everything here is the secretariat's; one action name for the directory and the seats (as the CSV uploads). */
export const DIRECTORY_ACTION = "council.setUp";

export async function personFor(req: ConsoleRequest, http: Request) {
  const handle = String(http.params.handle ?? "");
  if (!/^[a-z0-9][a-z0-9._-]{0,31}$/.test(handle)) throw new UserError("web.error.notFound", {});
  return findPerson(req.db, req.councilId, handle);
}

function roleLabel(req: ConsoleRequest, role: string): string {
  return (ROLES as readonly string[]).includes(role) ? req.t(`roles.${role}`) : role;
}

async function listPage(req: ConsoleRequest, http: Request): Promise<Html> {
  const { t } = req;
  const query = typeof http.query.q === "string" ? normalizeInput(http.query.q).trim().slice(0, 100) : "";
  const bodyId = typeof http.query.body === "string" ? http.query.body : "";
  const role = typeof http.query.role === "string" ? http.query.role : "";
  const withRetired = http.query.retired === "1";
  const people = await req.db.person.findMany({
    where: {
      councilId: req.councilId,
      ...(withRetired ? {} : { retiredAt: null }),
      ...(bodyId ? { memberships: { some: { bodyId, endedAt: null } } } : {}),
      ...(role ? { roles: { some: { role } } } : {}),
    },
    orderBy: { handle: "asc" },
    include: { roles: true, memberships: { where: { endedAt: null }, include: { body: true } } },
  });
  // Names are matched the way bodies are (widths and ヶ/ケ folded), handles as typed; on the few hundred people of
  // a council this is quicker to read than a LIKE per spelling.
  const key = nameKey(query);
  const shown = query ? people.filter((p) => p.handle.includes(query.toLowerCase()) || nameKey(p.displayName).includes(key)) : people;
  const bodies = await bodyOptions(req, bodyId);
  return html`<p>
      <a href="/console/people/new">${t("consolePeople.add")}</a> · <a href="/console/organs">${t("consolePeople.organs")}</a>
    </p>
    <form method="get" action="/console/people" class="stack" role="search">
      <p>
        <label for="pp-q">${t("consolePeople.search")}</label>
        <input id="pp-q" name="q" value="${query}" maxlength="100" />
      </p>
      <p>
        <label for="pp-body">${t("web.col.body")}</label>
        <select id="pp-body" name="body">
          <option value="">—</option>
          ${bodies}
        </select>
      </p>
      <p>
        <label for="pp-role">${t("consolePeople.role")}</label>
        <select id="pp-role" name="role">
          <option value="">—</option>
          ${ROLES.map((r) => html`<option value="${r}" ${r === role ? "selected" : ""}>${roleLabel(req, r)}</option>`)}
        </select>
      </p>
      <p>
        <label><input type="checkbox" name="retired" value="1" ${withRetired ? "checked" : ""} /> ${t("consolePeople.withRetired")}</label>
      </p>
      <p><button type="submit">${t("consolePeople.find")}</button></p>
    </form>
    ${table(
      t("consolePeople.listCaption", { count: shown.length }),
      [t("consolePeople.handle"), t("web.col.person"), t("web.col.body"), t("consolePeople.role"), t("web.col.state")],
      shown.map((p) => [
        html`<a href="/console/people/${p.handle}">${p.handle}</a>`,
        p.displayName,
        p.memberships.map((m) => m.body.name).join("、"),
        p.roles.map((r) => roleLabel(req, r.role)).join("、"),
        p.retiredAt ? t("consolePeople.retiredOn", { date: localMinute(p.retiredAt, req.zone) }) : "",
      ]),
    )}`;
}

async function personPage(req: ConsoleRequest, http: Request): Promise<Html> {
  const { t } = req;
  const found = await personFor(req, http);
  const person = await req.db.person.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      roles: { orderBy: { role: "asc" } },
      memberships: { where: { endedAt: null }, include: { body: true }, orderBy: { startedAt: "asc" } },
      seats: { include: { organ: true, body: true } },
      alternates: { include: { seat: { include: { organ: true, body: true } } } },
      identities: { orderBy: { createdAt: "asc" } },
    },
  });
  const aliases = await listEmailAliases(req.db, person.id);
  const delivery = await emailDeliveryAddress(req.db, person.id);
  const seats = [
    ...person.seats.map((s) => ({ organ: s.organ, body: s.body.name, what: t(`seatRoles.${s.role}`) })),
    ...person.alternates.map((a) => ({ organ: a.seat.organ, body: a.seat.body.name, what: t("consolePeople.alternate") })),
  ];
  const facts = html`<dl>
    <dt>${t("consolePeople.handle")}</dt>
    <dd>${person.handle}</dd>
    <dt>${t("consolePeople.language")}</dt>
    <dd>${person.locale === "en" ? "English" : "日本語"}</dd>
    ${
      person.retiredAt
        ? html`<dt>${t("web.col.state")}</dt>
            <dd>${t("consolePeople.retiredOn", { date: localMinute(person.retiredAt, req.zone) })}</dd>`
        : ""
    }
  </dl>`;
  const sections = html`<section aria-labelledby="h-bodies">
      <h2 id="h-bodies">${t("web.col.body")}</h2>
      ${
        person.memberships.length === 0
          ? html`<p class="muted">${t("consolePeople.noBody")}</p>`
          : html`<ul>
              ${person.memberships.map((m) => html`<li>${m.body.name}${m.primaryContact ? ` (${t("consolePeople.primary")})` : ""}</li>`)}
            </ul>`
      }
    </section>
    <section aria-labelledby="h-roles">
      <h2 id="h-roles">${t("consolePeople.role")}</h2>
      <p>${person.roles.length === 0 ? t("consolePeople.noRole") : person.roles.map((r) => roleLabel(req, r.role)).join("、")}</p>
    </section>
    <section aria-labelledby="h-seats">
      <h2 id="h-seats">${t("consolePeople.seats")}</h2>
      ${
        seats.length === 0
          ? html`<p class="muted">${t("consolePeople.noSeat")}</p>`
          : table(
              t("consolePeople.seats"),
              [t("organs.title"), t("organs.body"), t("organs.role")],
              seats.map((s) => [html`<a href="/console/organs/${s.organ.slug}">${s.organ.name}</a>`, s.body, s.what]),
            )
      }
    </section>
    <section aria-labelledby="h-chat">
      <h2 id="h-chat">${t("consolePeople.identities")}</h2>
      ${
        person.identities.length === 0
          ? html`<p class="muted">${t("consolePeople.noIdentity")}</p>`
          : table(
              t("consolePeople.identities"),
              [t("web.col.platform"), t("consolePeople.account"), t("consolePeople.linkedAt")],
              person.identities.map((i) => [i.platform, `${i.workspace} / ${i.externalUserId}`, localMinute(i.verifiedAt, req.zone)]),
            )
      }
    </section>
    <section aria-labelledby="h-mail">
      <h2 id="h-mail">${t("consolePeople.addresses")}</h2>
      <dl>
        <dt>${t("email.cli.recordAddress")}</dt>
        <dd>${person.email ?? "—"}</dd>
        <dt>${t("email.cli.deliveryAddress")}</dt>
        <dd>${delivery ?? t("email.cli.notReceiving")}</dd>
        <dt>${t("email.cli.alias")}</dt>
        <dd>
          ${
            aliases.length === 0
              ? "—"
              : html`<ul>
                  ${aliases.map((a) => html`<li>${a}</li>`)}
                </ul>`
          }
        </dd>
      </dl>
      <p class="muted">${t("consolePeople.aliasHint")}</p>
    </section>`;
  const forms = person.retiredAt ? "" : await personForms(req, person);
  return html`<p><a href="/console/people">${t("consolePeople.title")}</a></p>
    ${facts} ${sections} ${forms}`;
}

interface NewPersonText {
  handle: string;
  displayName: string;
  email: string;
  locale: string;
  body: string;
  role: string;
}

function readNew(http: Request): NewPersonText {
  const [handle, displayName, email, locale, body, role] = ["handle", "displayName", "email", "locale", "body", "role"].map((n) =>
    field(http, n),
  );
  return {
    handle: normalizeInput(handle!).trim().toLowerCase(),
    displayName: displayName!,
    email: email!,
    locale: locale!,
    body: body!,
    role: role!,
  };
}

/** The same checks addPerson makes, each named above the form in both languages. */
async function newProblems(req: ConsoleRequest, text: NewPersonText): Promise<string[]> {
  const problems: string[] = [];
  if (!personInputSchema.shape.handle.safeParse(text.handle).success)
    problems.push(inBothLanguages(req, "consolePeople.badHandle", { handle: text.handle }));
  else if (await req.db.person.findUnique({ where: { councilId_handle: { councilId: req.councilId, handle: text.handle } } }))
    problems.push(inBothLanguages(req, "people.handleTaken", { handle: text.handle }));
  for (const check of [() => cleanDisplayName(text.displayName), () => cleanEmail(text.email)])
    try {
      check();
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push(inBothLanguages(req, error.key, error.vars));
    }
  if (text.locale !== "ja" && text.locale !== "en") problems.push(inBothLanguages(req, "consolePeople.badLocale", {}));
  if (text.role && !(ROLES as readonly string[]).includes(text.role))
    problems.push(inBothLanguages(req, "consolePeople.badRole", { role: text.role }));
  if (text.body && !(await req.db.body.findFirst({ where: { id: text.body, councilId: req.councilId } })))
    problems.push(inBothLanguages(req, "consolePeople.pickBody", {}));
  return problems;
}

async function newForm(req: ConsoleRequest, text: NewPersonText, problems: string[] = []): Promise<Html> {
  const { t } = req;
  const input = (name: "handle" | "displayName" | "email", label: string, extra = "") =>
    html`<p>
      <label for="np-${name}">${label}</label>
      <input id="np-${name}" name="${name}" value="${text[name]}" ${raw(extra)} />
    </p>`;
  return html`${problemList(req, problems)}
    <form method="post" action="/console/people/new" class="stack">
      ${csrfField(req.view)} ${input("handle", t("consolePeople.handle"), 'required maxlength="32"')}
      <p class="muted">${t("consolePeople.handleHint")}</p>
      ${input("displayName", t("web.col.person"), 'required maxlength="100"')}
      ${input("email", t("email.cli.recordAddress"), 'type="email"')}
      <p>
        <label for="np-locale">${t("consolePeople.language")}</label>
        <select id="np-locale" name="locale">
          <option value="ja" ${text.locale === "en" ? "" : "selected"}>日本語</option>
          <option value="en" ${text.locale === "en" ? "selected" : ""}>English</option>
        </select>
      </p>
      <p>
        <label for="np-body">${t("web.col.body")}</label>
        <select id="np-body" name="body">
          <option value="">—</option>
          ${await bodyOptions(req, text.body)}
        </select>
      </p>
      <p>
        <label for="np-role">${t("consolePeople.role")}</label>
        <select id="np-role" name="role">
          <option value="">—</option>
          ${ROLES.map((r) => html`<option value="${r}" ${r === text.role ? "selected" : ""}>${roleLabel(req, r)}</option>`)}
        </select>
      </p>
      <p><button type="submit">${t("consolePeople.check")}</button></p>
    </form>`;
}

export function registerPeopleRoutes(routes: ConsoleRoutes): void {
  routes.get("/people", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    await sendPage(res, req, { title: req.t("consolePeople.title"), notice: doneNotice(req, http), body: await listPage(req, http) });
  });
  routes.get("/people/new", async (req, _http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const empty = { handle: "", displayName: "", email: "", locale: "ja", body: "", role: "" };
    await sendPage(res, req, { title: req.t("consolePeople.add"), body: await newForm(req, empty) });
  });
  routes.post("/people/new", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const text = readNew(http);
    const problems = await newProblems(req, text);
    if (problems.length > 0)
      return sendPage(res, req, { title: req.t("consolePeople.add"), body: await newForm(req, text, problems) }, 422);
    const clean = cleanPersonChanges({ displayName: text.displayName, email: text.email });
    const question = req.t("consolePeople.confirmAdd", { name: clean.displayName, handle: text.handle });
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.add"), carry: { ...text } })) return;
    const person = await addPerson(
      req.db,
      req.councilId,
      {
        handle: text.handle,
        displayName: clean.displayName,
        email: clean.email ?? undefined,
        locale: text.locale as "ja" | "en",
        roles: text.role ? [text.role as (typeof ROLES)[number]] : [],
      },
      req.actor,
    );
    if (text.body) await addStaffMembership(req.db, person.id, text.body, true, req.actor);
    res.redirect(303, `/console/people/${person.handle}?done=personAdded`);
  });
  routes.get("/people/:handle", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await personFor(req, http);
    await sendPage(res, req, {
      title: `${person.displayName} (${person.handle})`,
      notice: doneNotice(req, http),
      body: await personPage(req, http),
    });
  });
}

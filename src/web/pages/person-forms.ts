// The forms under one person's page in the console (people-page.ts), each posting to an action in
// person-actions.ts: correct the name or record address, join or leave a body, give or take a role, add or
// remove an email alias, and retire the person. A retired person's page shows none of them.
import { html } from "hono/html";
import { listEmailAliases } from "../../domain/email/email-aliases.ts";
import { ROLES } from "../../domain/people/add-person.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, type Html } from "../layout.ts";

export async function bodyOptions(req: ConsoleRequest, selected: string): Promise<Html[]> {
  const bodies = await req.db.body.findMany({
    where: { councilId: req.councilId, active: true },
    orderBy: [{ code: { sort: "asc", nulls: "last" } }, { name: "asc" }],
  });
  return bodies.map((b) => html`<option value="${b.id}" ${b.id === selected ? "selected" : ""}>${b.name}</option>`);
}

interface PersonShown {
  id: string;
  handle: string;
  displayName: string;
  email: string | null;
  roles: Array<{ role: string }>;
  memberships: Array<{ bodyId: string; body: { name: string } }>;
}

export async function personForms(req: ConsoleRequest, person: PersonShown): Promise<Html> {
  const { t } = req;
  const base = `/console/people/${person.handle}`;
  const csrf = csrfField(req.view);
  const held = new Set(person.roles.map((r) => r.role));
  const aliases = await listEmailAliases(req.db, person.id);
  const oneButton = (action: string, name: string, value: string, label: string) =>
    html`<form class="inline" method="post" action="${base}/${action}">
      ${csrf}<input type="hidden" name="${name}" value="${value}" /><button type="submit">${label}</button>
    </form>`;
  return html`<section aria-labelledby="h-actions">
    <h2 id="h-actions">${t("web.actions")}</h2>
    <form class="stack" method="post" action="${base}/edit">
      ${csrf}
      <h3>${t("consolePeople.editHeading")}</h3>
      <p>
        <label for="ed-name">${t("web.col.person")}</label>
        <input id="ed-name" name="displayName" value="${person.displayName}" required maxlength="100" />
      </p>
      <p>
        <label for="ed-email">${t("email.cli.recordAddress")}</label>
        <input id="ed-email" name="email" value="${person.email ?? ""}" />
      </p>
      <p><button type="submit">${t("consolePeople.save")}</button></p>
    </form>
    <h3>${t("consolePeople.bodiesHeading")}</h3>
    ${person.memberships.map((m) => html`<p>${m.body.name} ${oneButton("leave", "body", m.bodyId, t("consolePeople.leave"))}</p>`)}
    <form class="stack" method="post" action="${base}/membership">
      ${csrf}
      <p>
        <label for="ms-body">${t("web.col.body")}</label>
        <select id="ms-body" name="body" required>
          <option value="">—</option>
          ${await bodyOptions(req, "")}
        </select>
      </p>
      <p>
        <label><input type="checkbox" name="primary" value="1" /> ${t("consolePeople.primary")}</label>
      </p>
      <p><button type="submit">${t("consolePeople.join")}</button></p>
    </form>
    <h3>${t("consolePeople.rolesHeading")}</h3>
    ${ROLES.map((role) =>
      held.has(role)
        ? oneButton("revoke", "role", role, t("consolePeople.revoke", { role: t(`roles.${role}`) }))
        : oneButton("grant", "role", role, t("consolePeople.grant", { role: t(`roles.${role}`) })),
    )}
    <h3>${t("consolePeople.aliasHeading")}</h3>
    ${aliases.map((a) => html`<p>${a} ${oneButton("unalias", "address", a, t("consolePeople.removeAlias"))}</p>`)}
    <form class="stack" method="post" action="${base}/alias">
      ${csrf}
      <p>
        <label for="al-address">${t("consolePeople.aliasAddress")}</label>
        <input id="al-address" name="address" required maxlength="254" />
      </p>
      <p><button type="submit">${t("consolePeople.addAlias")}</button></p>
    </form>
    <form class="stack" method="post" action="${base}/retire">
      ${csrf}
      <h3>${t("consolePeople.retireHeading")}</h3>
      <p class="muted">${t("consolePeople.retireHint")}</p>
      <p><button type="submit" class="danger">${t("consolePeople.retire")}</button></p>
    </form>
  </section>`;
}

// The council's organs (総会, 幹事会, 部会 …) and their seats in the console, as `kyodo organs list` and
// `kyodo seats list / assign / remove` show and change them: a body gets a seat (with its representative, who
// must be the body's staff, and a role), or loses it. Each change asks first and runs assignSeat / removeSeat,
// audited with channel "web". The secretariat's only, like the directory (people-page.ts).
import type { Request } from "express";
import { html } from "hono/html";
import { assignSeat, removeSeat } from "../../domain/organs/assign-seat.ts";
import { findOrgan, listOrgans, listSeats } from "../../domain/organs/find-organ.ts";
import { SEAT_ROLES, type SeatRole } from "../../domain/organs/organ-kinds.ts";
import { activePerson } from "../../domain/people/retire-person.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, doneNotice, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html } from "../layout.ts";
import { DIRECTORY_ACTION } from "./people-page.ts";
import { bodyOptions } from "./person-forms.ts";

async function organFor(req: ConsoleRequest, http: Request) {
  const slug = String(http.params.slug ?? "");
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(slug)) throw new UserError("web.error.notFound", {});
  return findOrgan(req.db, req.councilId, slug);
}

async function organsPage(req: ConsoleRequest): Promise<Html> {
  const { t } = req;
  const organs = await listOrgans(req.db, req.councilId);
  return table(
    t("organs.title"),
    [t("organs.name"), t("organs.kind"), t("organs.seats")],
    organs.map((o) => [html`<a href="/console/organs/${o.slug}">${o.name}</a>`, t(`organKinds.${o.kind}`), o._count.seats]),
    [2],
  );
}

async function seatsPage(req: ConsoleRequest, organ: Awaited<ReturnType<typeof organFor>>): Promise<Html> {
  const { t } = req;
  const seats = await listSeats(req.db, organ.id);
  const base = `/console/organs/${organ.slug}`;
  const csrf = csrfField(req.view);
  const staff = await req.db.person.findMany({
    where: { councilId: req.councilId, retiredAt: null, memberships: { some: { endedAt: null } } },
    orderBy: { handle: "asc" },
    include: { memberships: { where: { endedAt: null }, include: { body: true } } },
  });
  const rows = seats.map((s) => [
    s.body.name,
    s.representative ? html`<a href="/console/people/${s.representative.handle}">${s.representative.displayName}</a>` : "—",
    t(`seatRoles.${s.role}`),
    s.alternates.map((a) => a.person.displayName).join("、"),
    organ.dissolvedAt
      ? ""
      : html`<form class="inline" method="post" action="${base}/unseat">
          ${csrf}<input type="hidden" name="body" value="${s.bodyId}" /><button type="submit" class="danger">
            ${t("consolePeople.removeSeat")}
          </button>
        </form>`,
  ]);
  const form = organ.dissolvedAt
    ? html`<p class="muted">${t("organs.dissolved", { name: organ.name })}</p>`
    : html`<form class="stack" method="post" action="${base}/seat">
        ${csrf}
        <h2>${t("consolePeople.seatHeading")}</h2>
        <p>
          <label for="st-body">${t("organs.body")}</label>
          <select id="st-body" name="body" required>
            <option value="">—</option>
            ${await bodyOptions(req, "")}
          </select>
        </p>
        <p>
          <label for="st-rep">${t("organs.representative")}</label>
          <select id="st-rep" name="rep">
            <option value="">—</option>
            ${staff.map((p) => html`<option value="${p.id}">${p.displayName} (${p.memberships.map((m) => m.body.name).join("、")})</option>`)}
          </select>
        </p>
        <p>
          <label for="st-role">${t("organs.role")}</label>
          <select id="st-role" name="role">
            ${SEAT_ROLES.map((r) => html`<option value="${r}" ${r === "member" ? "selected" : ""}>${t(`seatRoles.${r}`)}</option>`)}
          </select>
        </p>
        <p class="muted">${t("consolePeople.seatHint")}</p>
        <p><button type="submit">${t("consolePeople.assignSeat")}</button></p>
      </form>`;
  return html`<p><a href="/console/organs">${t("organs.title")}</a> · <a href="/console/people">${t("consolePeople.title")}</a></p>
    ${table(t("organs.seatsTitle", { name: organ.name, count: seats.length }), [t("organs.body"), t("organs.representative"), t("organs.role"), t("consolePeople.alternate"), ""], rows)}
    ${form}`;
}

export function registerOrganRoutes(routes: ConsoleRoutes): void {
  routes.get("/organs", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    await sendPage(res, req, { title: req.t("organs.title"), notice: doneNotice(req, http), body: await organsPage(req) });
  });
  routes.get("/organs/:slug", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const organ = await organFor(req, http);
    await sendPage(res, req, { title: organ.name, notice: doneNotice(req, http), body: await seatsPage(req, organ) });
  });
  routes.post("/organs/:slug/seat", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const organ = await organFor(req, http);
    const bodyId = field(http, "body");
    const body = bodyId ? await req.db.body.findFirst({ where: { id: bodyId, councilId: req.councilId } }) : null;
    if (!body) throw new UserError("consolePeople.pickBody", {});
    const role = field(http, "role") || "member";
    if (!(SEAT_ROLES as readonly string[]).includes(role)) throw new UserError("consolePeople.badSeatRole", { role });
    const repId = field(http, "rep");
    const rep = repId ? await activePerson(req.db, req.councilId, repId) : undefined;
    const question = req.t(rep ? "consolePeople.confirmSeatWithRep" : "consolePeople.confirmSeat", {
      organ: organ.name,
      body: body.name,
      person: rep?.displayName ?? "",
      role: req.t(`seatRoles.${role}`),
    });
    const carry = { body: body.id, role, rep: rep?.id ?? "" };
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.assignSeat"), carry })) return;
    await assignSeat(req.db, { organId: organ.id, bodyId: body.id, representativeId: rep?.id, role: role as SeatRole }, req.actor);
    res.redirect(303, `/console/organs/${organ.slug}?done=seatAssigned`);
  });
  routes.post("/organs/:slug/unseat", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const organ = await organFor(req, http);
    const bodyId = field(http, "body");
    const body = bodyId ? await req.db.body.findFirst({ where: { id: bodyId, councilId: req.councilId } }) : null;
    if (!body) throw new UserError("consolePeople.pickBody", {});
    if (organ.dissolvedAt) throw new UserError("organs.dissolved", { name: organ.name });
    const question = req.t("consolePeople.confirmUnseat", { organ: organ.name, body: body.name });
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.removeSeat"), carry: { body: body.id } })) return;
    await removeSeat(req.db, organ.id, body.id, req.actor);
    res.redirect(303, `/console/organs/${organ.slug}?done=seatRemoved`);
  });
}

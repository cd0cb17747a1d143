// Enrolment codes for everyone on an organ, as the CSV file for a mail merge (`kyodo link codes generate`): the
// same use case (issueOrganCodes), rehearsed first so the confirmation says how many people get a code (and that
// their earlier unused codes stop working), then issued and handed to the browser as a download — the plain codes
// exist only in that file, never on a page or in the database.
import { html } from "hono/html";
import { issueOrganCodes } from "../../domain/identities/issue-organ-codes.ts";
import { localMinute } from "../../lib/local-time.ts";
import { encodeCsv, toCsv } from "../../lib/table-export.ts";
import { UserError } from "../../lib/user-error.ts";
import { field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { sendDownload } from "../downloads.ts";
import { csrfField, type Html } from "../layout.ts";
import { inBothLanguages, problemList } from "../problems.ts";
import { rehearse } from "../rehearse.ts";

interface CodesForm {
  organ: string;
  hours: string;
  includeLinked: boolean;
  encoding: "utf8" | "sjis";
}

function readForm(values: (name: string) => string): CodesForm {
  return {
    organ: values("organ"),
    hours: values("hours").trim() || "72",
    includeLinked: values("includeLinked") === "yes",
    encoding: values("encoding") === "sjis" ? "sjis" : "utf8",
  };
}

async function form(req: ConsoleRequest, chosen: CodesForm, problems: string[] = []): Promise<Html> {
  const { t } = req;
  const organs = await req.db.organ.findMany({ where: { councilId: req.councilId, dissolvedAt: null }, orderBy: { createdAt: "asc" } });
  return html`${problemList(req, problems)}
    <form method="post" action="/console/codes" class="stack">
      ${csrfField(req.view)}
      <p>${t("webmore.codes.intro")}</p>
      <p>
        <label for="cd-organ">${t("webmore.import.organ")}</label>
        <select id="cd-organ" name="organ" required>
          <option value="">—</option>
          ${organs.map((o) => html`<option value="${o.id}" ${chosen.organ === o.id ? "selected" : ""}>${o.name}</option>`)}
        </select>
      </p>
      <p>
        <label for="cd-hours">${t("webmore.codes.hours")}</label>
        <input id="cd-hours" name="hours" inputmode="numeric" value="${chosen.hours}" />
      </p>
      <p>
        <label
          ><input type="checkbox" name="includeLinked" value="yes" ${chosen.includeLinked ? "checked" : ""} />
          ${t("webmore.codes.includeLinked")}</label
        >
      </p>
      <p>
        <label for="cd-encoding">${t("webmore.codes.encoding")}</label>
        <select id="cd-encoding" name="encoding">
          <option value="utf8">UTF-8（BOM）</option>
          <option value="sjis" ${chosen.encoding === "sjis" ? "selected" : ""}>Shift_JIS</option>
        </select>
      </p>
      <button type="submit">${t("webmore.import.check")}</button>
    </form>`;
}

/** The organ and hours, or the problems with them in both languages. */
async function check(req: ConsoleRequest, chosen: CodesForm) {
  const problems: string[] = [];
  const organ = await req.db.organ.findFirst({ where: { id: chosen.organ, councilId: req.councilId, dissolvedAt: null } });
  if (!organ) problems.push(inBothLanguages(req, "webmore.import.pickOrgan"));
  const hours = Number(chosen.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 90) problems.push(inBothLanguages(req, "cli.badTtl", { value: chosen.hours }));
  return { organ, hours, problems };
}

export function registerCodesRoutes(routes: ConsoleRoutes): void {
  const empty: CodesForm = { organ: "", hours: "72", includeLinked: false, encoding: "utf8" };
  routes.get("/codes", async (req, _http, res) => {
    if (await refuseUnless(req, res, "council.setUp")) return;
    await sendPage(res, req, { title: req.t("webmore.codes.title"), body: await form(req, empty) });
  });
  routes.post("/codes", async (req, http, res) => {
    if (await refuseUnless(req, res, "council.setUp")) return;
    const chosen = readForm((name) => field(http, name));
    const { organ, hours, problems } = await check(req, chosen);
    if (!organ || problems.length > 0) {
      await sendPage(res, req, { title: req.t("webmore.codes.title"), body: await form(req, chosen, problems) }, 422);
      return;
    }
    const options = { ttlHours: hours, includeLinked: chosen.includeLinked, now: req.now };
    const count = (await rehearse(req.db, (db) => issueOrganCodes(db, organ.id, req.actor, options))).length;
    if (count === 0) {
      const none = inBothLanguages(req, "bulk.codes.none", { organ: organ.name });
      await sendPage(res, req, { title: req.t("webmore.codes.title"), body: await form(req, chosen, [none]) }, 422);
      return;
    }
    await sendPage(res, req, {
      title: req.t("webmore.codes.title"),
      body: html`<p>${req.t("webmore.codes.confirmText", { organ: organ.name, count, hours })}</p>
        <form method="post" action="/console/codes/issue" class="inline">
          ${csrfField(req.view)}
          <input type="hidden" name="organ" value="${chosen.organ}" />
          <input type="hidden" name="hours" value="${chosen.hours}" />
          <input type="hidden" name="includeLinked" value="${chosen.includeLinked ? "yes" : ""}" />
          <input type="hidden" name="encoding" value="${chosen.encoding}" />
          <button type="submit">${req.t("webmore.codes.issue")}</button>
        </form>
        <a href="/console/codes">${req.t("webmore.broadcast.cancel")}</a>`,
    });
  });
  routes.post("/codes/issue", async (req, http, res) => {
    if (await refuseUnless(req, res, "council.setUp")) return;
    const chosen = readForm((name) => field(http, name));
    const { organ, hours, problems } = await check(req, chosen);
    if (!organ || problems.length > 0) throw new UserError("webmore.import.pickOrgan");
    const codes = await issueOrganCodes(req.db, organ.id, req.actor, {
      ttlHours: hours,
      includeLinked: chosen.includeLinked,
      now: req.now,
    });
    if (codes.length === 0) throw new UserError("bulk.codes.none", { organ: organ.name });
    const csv = toCsv([
      {
        name: "codes",
        columns: ["handle", "name", "body", "code", "expires"],
        rows: codes.map((c) => [c.handle, c.name, c.body, c.code, localMinute(c.expiresAt, req.zone)]),
      },
    ]);
    // The codes let whoever holds them speak as these people: never cached on the way.
    res.setHeader("Cache-Control", "no-store");
    sendDownload(res, encodeCsv(csv, chosen.encoding).buffer, `codes-${organ.name}-${chosen.encoding}.csv`, "csv", chosen.encoding);
  });
}

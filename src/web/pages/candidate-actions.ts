// The secretariat's candidate work in the console, as `kyodo candidates propose / edit / archive / interest` does it:
// register a candidate (checked, previewed, then proposeCandidate), correct its fields (the changed fields are named
// before editCandidate runs), close it to interest by archiving it with a reason and open it again by restoring it,
// put it on the shortlist by hand or take it off (setShortlisted, keeping the reason and the numbers at that moment),
// and record a body's interest that came by email or on paper (recordInterest, which screens the candidate in the
// same transaction). Every change asks first, is CSRF-checked by the console, and is audited with channel "web".
import type { Request } from "express";
import { html } from "hono/html";
import { archiveCandidate, restoreCandidate } from "../../domain/candidates/archive-candidate.ts";
import { cleanFields, EDITABLE_FIELDS, splitLinks, splitList, type CandidateFields } from "../../domain/candidates/candidate-fields.ts";
import { editCandidate } from "../../domain/candidates/edit-candidate.ts";
import { candidateLabel, findCandidate, stringList, type CandidateRow } from "../../domain/candidates/find-candidate.ts";
import { INTEREST_LEVELS, isInterestLevel } from "../../domain/candidates/interest-levels.ts";
import { proposeCandidate } from "../../domain/candidates/propose-candidate.ts";
import { recordInterest } from "../../domain/candidates/record-interest.ts";
import { setShortlisted } from "../../domain/candidates/shortlist-candidate.ts";
import { levelLabel } from "../../domain/candidates/screening-text.ts";
import { fiscalYearOf, localDateOf, parseFiscalYear } from "../../lib/japanese/era.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import { permitted, type ConsoleRequest } from "../console-request.ts";
import { csrfField, type Html } from "../layout.ts";
import { inBothLanguages, problemList } from "../problems.ts";

type FieldText = Record<(typeof EDITABLE_FIELDS)[number], string>;

function readFields(http: Request): FieldText {
  return Object.fromEntries(EDITABLE_FIELDS.map((name) => [name, field(http, name)])) as FieldText;
}

function textOf(candidate: CandidateRow): FieldText {
  return {
    name: candidate.name,
    category: candidate.category,
    description: candidate.description,
    products: stringList(candidate.products).join("\n"),
    roughCost: candidate.roughCost,
    links: stringList(candidate.links).join("\n"),
  };
}

/** The typed fields as the use cases take them: lists split as chat and the CLI split them. */
function parsed(text: FieldText): CandidateFields {
  return { ...text, products: splitList(text.products), links: splitLinks(text.links) };
}

/** The same checks the use cases make, as problems above the form instead of an error page. */
function problemsOf(req: ConsoleRequest, text: FieldText): string[] {
  try {
    cleanFields(parsed(text));
    return [];
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const vars =
      typeof error.vars.field === "string" ? { ...error.vars, field: req.t(`candidates.fields.${error.vars.field}`) } : error.vars;
    return [inBothLanguages(req, error.key, vars)];
  }
}

function fieldsForm(req: ConsoleRequest, action: string, text: FieldText, button: string, problems: string[] = []): Html {
  const { t } = req;
  const input = (name: keyof FieldText, multiline: boolean) =>
    html`<p>
      <label for="cand-${name}">${t(`candidates.fields.${name}`)}</label>
      ${
        multiline
          ? html`<textarea id="cand-${name}" name="${name}" rows="4">${text[name]}</textarea>`
          : html`<input id="cand-${name}" name="${name}" value="${text[name]}" ${name === "name" ? "required" : ""} />`
      }
    </p>`;
  return html`${problemList(req, problems)}
    <form method="post" action="${action}" class="stack">
      ${csrfField(req.view)} ${input("name", false)} ${input("category", false)} ${input("description", true)} ${input("products", true)}
      <p class="muted">${t("console2.candidate.listHint")}</p>
      ${input("roughCost", false)} ${input("links", true)}
      <p><button type="submit">${button}</button></p>
    </form>`;
}

async function candidateFor(req: ConsoleRequest, http: Request): Promise<CandidateRow> {
  const value = String(http.params.number ?? "");
  if (!/^\d{1,6}$/.test(value)) throw new UserError("web.error.notFound", {});
  return findCandidate(req.db, req.councilId, value);
}

/** The secretariat's actions under chat's view of one candidate (nothing for members). */
export async function candidateActions(req: ConsoleRequest, number: string): Promise<Html | string> {
  if (!permitted(req, "candidate.manage")) return "";
  const { t } = req;
  const candidate = await findCandidate(req.db, req.councilId, number);
  const base = `/console/candidates/${candidate.number}`;
  if (candidate.archivedAt)
    return html`<section aria-labelledby="h-actions">
      <h2 id="h-actions">${t("web.actions")}</h2>
      <form class="inline" method="post" action="${base}/restore">
        ${csrfField(req.view)}<button type="submit">${t("console2.candidate.restore")}</button>
      </form>
    </section>`;
  const bodies = await req.db.body.findMany({ where: { councilId: req.councilId, active: true }, orderBy: { name: "asc" } });
  return html`<section aria-labelledby="h-actions">
    <h2 id="h-actions">${t("web.actions")}</h2>
    <p><a href="${base}/edit">${t("console2.candidate.edit")}</a></p>
    <form class="stack" method="post" action="${base}/interest">
      ${csrfField(req.view)}
      <h3>${t("console2.candidate.interestHeading")}</h3>
      <p>
        <label for="int-body">${t("web.col.body")}</label>
        <select id="int-body" name="body" required>
          <option value="">—</option>
          ${bodies.map((b) => html`<option value="${b.id}">${b.name}</option>`)}
        </select>
      </p>
      <p>
        <label for="int-level">${t("console2.candidate.level")}</label>
        <select id="int-level" name="level" required>
          ${INTEREST_LEVELS.map((level) => html`<option value="${level}">${levelLabel(t, level)}</option>`)}
        </select>
      </p>
      <p>
        <label for="int-fy">${t("console2.candidate.fiscalYear")}</label>
        <input id="int-fy" name="fy" placeholder="令和9年度 / 2027" />
      </p>
      <p>
        <label for="int-note">${t("console2.inquiry.note")}</label>
        <input id="int-note" name="note" maxlength="1000" />
      </p>
      <p><button type="submit">${t("console2.candidate.recordInterest")}</button></p>
    </form>
    <form class="stack" method="post" action="${base}/shortlist">
      ${csrfField(req.view)}
      <h3>${t(candidate.shortlistedAt ? "console2.candidate.withdrawHeading" : "console2.candidate.shortlistHeading")}</h3>
      <p>
        <label for="sl-reason">${t("console2.candidate.reason")}</label>
        <input id="sl-reason" name="reason" maxlength="500" />
      </p>
      <p><button type="submit">${t(candidate.shortlistedAt ? "console2.candidate.withdraw" : "console2.candidate.shortlist")}</button></p>
    </form>
    <form class="stack" method="post" action="${base}/archive">
      ${csrfField(req.view)}
      <h3>${t("console2.candidate.archiveHeading")}</h3>
      <p>
        <label for="arch-reason">${t("console2.candidate.reason")}</label>
        <input id="arch-reason" name="reason" maxlength="500" placeholder="${t("console2.candidate.reasonPlaceholder")}" />
      </p>
      <p><button type="submit" class="danger">${t("console2.candidate.archive")}</button></p>
    </form>
  </section>`;
}

export function registerCandidateActionRoutes(routes: ConsoleRoutes): void {
  const newTitle = (req: ConsoleRequest) => req.t("console2.candidate.new");
  routes.get("/candidates/new", async (req, _http, res) => {
    if (await refuseUnless(req, res, "candidate.manage")) return;
    const empty = Object.fromEntries(EDITABLE_FIELDS.map((n) => [n, ""])) as FieldText;
    await sendPage(res, req, {
      title: newTitle(req),
      body: fieldsForm(req, "/console/candidates/new", empty, req.t("console2.candidate.check")),
    });
  });
  routes.post("/candidates/new", async (req, http, res) => {
    if (await refuseUnless(req, res, "candidate.manage")) return;
    const text = readFields(http);
    const problems = problemsOf(req, text);
    if (problems.length > 0)
      return sendPage(
        res,
        req,
        { title: newTitle(req), body: fieldsForm(req, "/console/candidates/new", text, req.t("console2.candidate.check"), problems) },
        422,
      );
    const question = req.t("console2.candidate.confirmPropose", { name: text.name.trim() });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.candidate.propose"), carry: text })) return;
    const candidate = await proposeCandidate(req.db, { councilId: req.councilId, fields: parsed(text), proposedBy: req.actor }, req.now);
    res.redirect(303, `/console/candidates/${candidate.number}?done=candidateProposed`);
  });
  routes.get("/candidates/:number/edit", async (req, http, res) => {
    if (await refuseUnless(req, res, "candidate.manage")) return;
    const candidate = await candidateFor(req, http);
    const action = `/console/candidates/${candidate.number}/edit`;
    await sendPage(res, req, {
      title: candidateLabel(candidate, req.locale),
      body: fieldsForm(req, action, textOf(candidate), req.t("console2.candidate.save")),
    });
  });
  routes.post("/candidates/:number/edit", async (req, http, res) => {
    if (await refuseUnless(req, res, "candidate.manage")) return;
    const candidate = await candidateFor(req, http);
    const text = readFields(http);
    const problems = problemsOf(req, text);
    const action = `/console/candidates/${candidate.number}/edit`;
    const title = candidateLabel(candidate, req.locale);
    if (problems.length > 0)
      return sendPage(res, req, { title, body: fieldsForm(req, action, text, req.t("console2.candidate.save"), problems) }, 422);
    const before = textOf(candidate);
    const changed = EDITABLE_FIELDS.filter((name) => text[name].trim() !== before[name].trim());
    if (changed.length === 0) return void res.redirect(303, `/console/candidates/${candidate.number}?done=candidateUnchanged`);
    const fields = changed.map((name) => req.t(`candidates.fields.${name}`)).join(req.locale === "ja" ? "・" : ", ");
    const question = req.t("console2.candidate.confirmEdit", { label: title, fields });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.candidate.save"), carry: text })) return;
    const all = parsed(text);
    const changes = Object.fromEntries(changed.map((name) => [name, all[name]])) as Partial<CandidateFields>;
    await editCandidate(req.db, { candidateId: candidate.id, changes, actor: req.actor }, req.now);
    res.redirect(303, `/console/candidates/${candidate.number}?done=candidateEdited`);
  });
  routes.post("/candidates/:number/archive", async (req, http, res) => {
    if (await refuseUnless(req, res, "candidate.manage")) return;
    const candidate = await candidateFor(req, http);
    const reason = field(http, "reason").trim();
    const question = req.t("console2.candidate.confirmArchive", { label: candidateLabel(candidate, req.locale) });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.candidate.archive"), carry: { reason } })) return;
    await archiveCandidate(req.db, { candidateId: candidate.id, reason, actor: req.actor }, req.now);
    res.redirect(303, `/console/candidates/${candidate.number}?done=candidateArchived`);
  });
  routes.post("/candidates/:number/shortlist", async (req, http, res) => {
    if (await refuseUnless(req, res, "candidate.manage")) return;
    const candidate = await candidateFor(req, http);
    // The form offers whichever the candidate's state allows; the use case refuses the other (state changed meanwhile).
    const shortlisted = !candidate.shortlistedAt;
    const reason = field(http, "reason").trim();
    const question = req.t(shortlisted ? "console2.candidate.confirmShortlist" : "console2.candidate.confirmWithdraw", {
      label: candidateLabel(candidate, req.locale),
    });
    const yes = req.t(shortlisted ? "console2.candidate.shortlist" : "console2.candidate.withdraw");
    if (await askToConfirm(req, http, res, question, { yes, carry: { reason } })) return;
    await setShortlisted(req.db, { candidateId: candidate.id, shortlisted, reason, actor: req.actor }, req.now);
    res.redirect(303, `/console/candidates/${candidate.number}?done=${shortlisted ? "candidateShortlisted" : "candidateWithdrawn"}`);
  });
  routes.post("/candidates/:number/restore", async (req, http, res) => {
    if (await refuseUnless(req, res, "candidate.manage")) return;
    const candidate = await candidateFor(req, http);
    const question = req.t("console2.candidate.confirmRestore", { label: candidateLabel(candidate, req.locale) });
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.candidate.restore") })) return;
    await restoreCandidate(req.db, { candidateId: candidate.id, actor: req.actor }, req.now);
    res.redirect(303, `/console/candidates/${candidate.number}?done=candidateRestored`);
  });
  routes.post("/candidates/:number/interest", async (req, http, res) => {
    if (await refuseUnless(req, res, "candidate.recordForOthers")) return;
    const candidate = await candidateFor(req, http);
    const level = field(http, "level");
    if (!isInterestLevel(level)) throw new UserError("candidates.interest.unknownLevel", { word: level });
    const bodyId = field(http, "body");
    const body = bodyId ? await req.db.body.findFirst({ where: { id: bodyId, councilId: req.councilId } }) : null;
    if (!body) throw new UserError("console2.candidate.pickBody", {});
    const fy = field(http, "fy").trim();
    const fiscalYear = fy ? parseFiscalYear(fy) : undefined;
    if (fy && fiscalYear === undefined) throw new UserError("candidates.interestFlow.badYear", {});
    const note = field(http, "note").trim();
    const question = req.t("console2.candidate.confirmInterest", {
      body: body.name,
      label: candidateLabel(candidate, req.locale),
      level: levelLabel(req.t, level) + (fy ? ` (${fy})` : ""),
    });
    const carry = { body: body.id, level, fy, note };
    if (await askToConfirm(req, http, res, question, { yes: req.t("console2.candidate.recordInterest"), carry })) return;
    await recordInterest(
      req.db,
      {
        candidateId: candidate.id,
        bodyId: body.id,
        level,
        fiscalYear,
        note,
        personId: req.person.personId,
        actor: req.actor,
        via: "web",
        currentFiscalYear: fiscalYearOf(localDateOf(req.now, req.zone)),
      },
      req.now,
    );
    res.redirect(303, `/console/candidates/${candidate.number}?done=interestRecorded`);
  });
}

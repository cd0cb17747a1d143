// CSV uploads in the console: member bodies, people, an organ's seats, survey answers returned on paper, usage
// figures and body statistics — each through the very import the CLI runs (`kyodo bodies import`, `people import`,
// `organ seats import`, `survey answers import`, `usage import`, `statistics import`). The file is read as it came
// (UTF-8 with or without BOM, or Shift_JIS, decoded by the import). Checking rehearses the import in a transaction
// that is rolled back, so the page shows either every problem by line, in Japanese and English, or what the file
// would change; confirming writes it, all or nothing: a file with any problem writes nothing, as the CLI does.
import { html } from "hono/html";
import type { Action } from "../../domain/access/policy.ts";
import { decodeCsv, importBodies } from "../../domain/bodies/import-bodies.ts";
import type { RowProblem } from "../../domain/bulk/row-problems.ts";
import { importStatistics } from "../../domain/money/import-statistics.ts";
import { importSeats } from "../../domain/organs/import-seats.ts";
import { importPeople } from "../../domain/people/import-people.ts";
import { importPaperAnswers } from "../../domain/surveys/import-paper-answers.ts";
import { importUsage } from "../../domain/usage/import-usage.ts";
import { parsePeriod } from "../../domain/usage/period.ts";
import { translator } from "../../engine/i18n.ts";
import { UserError } from "../../lib/user-error.ts";
import type { Db } from "../../storage/database.ts";
import { doneNotice, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import { permitted, type ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html } from "../layout.ts";
import { uploadedFile } from "../multipart.ts";
import { inBothLanguages, problemList } from "../problems.ts";
import { rehearse } from "../rehearse.ts";

/** Larger files belong to the CLI (`kyodo usage import` shows progress on them). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const KINDS = ["bodies", "people", "seats", "answers", "usage", "statistics"] as const;
type Kind = (typeof KINDS)[number];

interface Params {
  kind: Kind;
  organ: string;
  survey: string;
  system: string;
  period: string;
  filename: string;
}

/** What an import did (or, rehearsed, would do): counts for the report, or the problems by line. */
type Outcome = { ok: true; counts: Record<string, unknown> } | { ok: false; problems: RowProblem[] };

const ACTION: Record<Kind, Action> = {
  bodies: "council.setUp",
  people: "council.setUp",
  seats: "council.setUp",
  answers: "survey.manage",
  usage: "usage.record",
  statistics: "usage.record",
};

const fromReport = (rejected: RowProblem[], written: boolean, counts: Record<string, unknown>): Outcome =>
  written && rejected.length === 0 ? { ok: true, counts } : { ok: false, problems: rejected };

/** Runs the CLI's import of this kind on `db` (the real one, or a rehearsal's). */
async function runImport(req: ConsoleRequest, db: Db, params: Params, bytes: Buffer): Promise<Outcome> {
  const { councilId, actor } = req;
  const source = `web:${params.filename}`;
  switch (params.kind) {
    case "bodies": {
      const r = await importBodies(db, councilId, decodeCsv(bytes), actor);
      return fromReport(r.rejected, r.written, { created: r.created, updated: r.updated, unchanged: r.unchanged });
    }
    case "people": {
      const o = await importPeople(db, councilId, decodeCsv(bytes), actor);
      return o.written ? { ok: true, counts: { ...o.report } } : { ok: false, problems: o.problems };
    }
    case "seats": {
      const organ = await db.organ.findFirst({ where: { id: params.organ, councilId } });
      if (!organ) throw new UserError("webmore.import.pickOrgan");
      const o = await importSeats(db, councilId, organ.id, decodeCsv(bytes), actor);
      return o.written ? { ok: true, counts: { ...o.report, organ: organ.name } } : { ok: false, problems: o.problems };
    }
    case "answers": {
      const survey = await db.survey.findFirst({ where: { id: params.survey, councilId } });
      if (!survey) throw new UserError("webmore.import.pickSurvey");
      const o = await importPaperAnswers(
        db,
        { surveyId: survey.id, councilId, personId: req.person.personId, csv: decodeCsv(bytes) },
        req.now,
      );
      return o.written ? { ok: true, counts: { ...o.report } } : { ok: false, problems: o.problems };
    }
    case "usage": {
      const period = params.period ? parsePeriod(params.period) : undefined;
      if (params.period && !period) throw new UserError("usage.record.badPeriod", { period: params.period });
      const r = await importUsage(db, councilId, bytes, actor, { system: params.system || undefined, period, source });
      return fromReport(r.rejected, r.written, { rows: r.rows, figures: r.figures });
    }
    case "statistics": {
      // The CLI writes the valid rows of a statistics file; the console keeps every upload all or nothing.
      const r = await importStatistics(db, councilId, decodeCsv(bytes), actor, source);
      return fromReport(r.rejected, true, { imported: r.imported });
    }
  }
}

/** The import rehearsed (nothing written): a problem with the whole file (unreadable, missing columns) is line 1. */
async function tryImport(req: ConsoleRequest, db: Db, params: Params, bytes: Buffer): Promise<Outcome> {
  try {
    return await runImport(req, db, params, bytes);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ok: false, problems: [{ line: 0, key: error.key, vars: error.vars }] };
  }
}

function readParams(values: (name: string) => string): Params | undefined {
  const kind = values("kind") as Kind;
  if (!KINDS.includes(kind)) return undefined;
  return {
    kind,
    organ: values("organ"),
    survey: values("survey"),
    system: values("system"),
    period: values("period").trim(),
    filename: values("filename").slice(0, 200),
  };
}

async function uploadForm(req: ConsoleRequest, chosen?: Params): Promise<Html> {
  const { t } = req;
  const [organs, surveys, systems] = await Promise.all([
    req.db.organ.findMany({ where: { councilId: req.councilId, dissolvedAt: null }, orderBy: { createdAt: "asc" } }),
    req.db.survey.findMany({ where: { councilId: req.councilId }, orderBy: { number: "desc" }, take: 50 }),
    req.db.sharedSystem.findMany({ where: { councilId: req.councilId }, orderBy: { slug: "asc" } }),
  ]);
  const on = (yes: boolean) => (yes ? html` selected` : "");
  return html`<form method="post" action="/console/imports/check" enctype="multipart/form-data" class="stack">
    ${csrfField(req.view)}
    <p>
      <label for="im-kind">${t("webmore.import.kind")}</label>
      <select id="im-kind" name="kind" required>
        ${KINDS.filter((k) => permitted(req, ACTION[k])).map(
          (k) => html`<option value="${k}" ${on(chosen?.kind === k)}>${t(`webmore.import.kinds.${k}`)}</option>`,
        )}
      </select>
    </p>
    <p class="muted">${t("webmore.import.columnsHelp")}</p>
    <ul class="muted">
      ${KINDS.map((k) => html`<li>${t(`webmore.import.kinds.${k}`)}: <code>${t(`webmore.import.columns.${k}`)}</code></li>`)}
    </ul>
    <p>
      <label for="im-organ">${t("webmore.import.organ")}</label>
      <select id="im-organ" name="organ">
        <option value="">—</option>
        ${organs.map((o) => html`<option value="${o.id}" ${on(chosen?.organ === o.id)}>${o.name}</option>`)}
      </select>
    </p>
    <p>
      <label for="im-survey">${t("webmore.import.survey")}</label>
      <select id="im-survey" name="survey">
        <option value="">—</option>
        ${surveys.map((s) => html`<option value="${s.id}" ${on(chosen?.survey === s.id)}>${s.number}: ${s.title}</option>`)}
      </select>
    </p>
    <p>
      <label for="im-system">${t("webmore.import.system")}</label>
      <select id="im-system" name="system">
        <option value="">${t("webmore.import.fromFile")}</option>
        ${systems.map((s) => html`<option value="${s.slug}" ${on(chosen?.system === s.slug)}>${s.name}</option>`)}
      </select>
      <label for="im-period">${t("webmore.import.period")}</label>
      <input id="im-period" name="period" value="${chosen?.period ?? ""}" placeholder="2017-04" />
    </p>
    <p>
      <label for="im-file">${t("webmore.import.file")}</label>
      <input id="im-file" type="file" name="file" accept=".csv,text/csv" required />
    </p>
    <button type="submit">${t("webmore.import.check")}</button>
  </form>`;
}

/** Every problem by line, in Japanese and English side by side (the file may go back to whoever made it). */
function problemTable(req: ConsoleRequest, params: Params, problems: RowProblem[]): Html {
  const ja = translator("ja");
  const en = translator("en");
  const shown = problems.slice(0, 500);
  return html`<div role="alert">
      <h2>${req.t("webmore.import.problems", { count: problems.length, file: params.filename })}</h2>
    </div>
    ${table(
      params.filename,
      [req.t("webmore.import.line"), "日本語", "English"],
      shown.map((p) => [p.line > 0 ? String(p.line) : "—", ja(p.key, p.vars), en(p.key, p.vars)]),
    )}
    ${problems.length > shown.length ? html`<p>${req.t("usage.cli.moreRejected", { count: problems.length - shown.length })}</p>` : ""}`;
}

function hiddenParams(params: Params, bytes: Buffer): Html {
  return html`<input type="hidden" name="kind" value="${params.kind}" />
    <input type="hidden" name="organ" value="${params.organ}" />
    <input type="hidden" name="survey" value="${params.survey}" />
    <input type="hidden" name="system" value="${params.system}" />
    <input type="hidden" name="period" value="${params.period}" />
    <input type="hidden" name="filename" value="${params.filename}" />
    <input type="hidden" name="data" value="${bytes.toString("base64")}" />`;
}

export function registerImportRoutes(routes: ConsoleRoutes): void {
  routes.get("/imports", async (req, http, res) => {
    if (await refuseUnless(req, res, "council.setUp")) return;
    await sendPage(res, req, { title: req.t("webmore.import.title"), notice: doneNotice(req, http), body: await uploadForm(req) });
  });

  // Checking rehearses the import and rolls it back: nothing is written.
  routes.post("/imports/check", async (req, http, res) => {
    const file = uploadedFile(res.locals, "file");
    const params = readParams((name) => (name === "filename" ? (file?.filename ?? "") : field(http, name)));
    if (await refuseUnless(req, res, params ? ACTION[params.kind] : "council.setUp")) return;
    const problem = !params
      ? "webmore.import.pickKind"
      : !file || file.data.length === 0
        ? "webmore.import.noFile"
        : file.data.length > MAX_UPLOAD_BYTES
          ? "webmore.import.tooLarge"
          : undefined;
    if (problem || !params || !file) {
      const text = inBothLanguages(req, problem ?? "webmore.import.pickKind", { max: MAX_UPLOAD_BYTES / 1024 / 1024 });
      await sendPage(
        res,
        req,
        { title: req.t("webmore.import.title"), body: html`${problemList(req, [text])}${await uploadForm(req, params)}` },
        422,
      );
      return;
    }
    const outcome = await rehearse(req.db, (db) => tryImport(req, db, params, file.data));
    if (!outcome.ok) {
      await sendPage(
        res,
        req,
        {
          title: req.t("webmore.import.title"),
          body: html`${problemTable(req, params, outcome.problems)}${await uploadForm(req, params)}`,
        },
        422,
      );
      return;
    }
    await sendPage(res, req, {
      title: req.t("webmore.import.title"),
      body: html`<section aria-labelledby="h-preview">
        <h2 id="h-preview">${req.t("webmore.import.preview")}</h2>
        <p>${req.t(`webmore.import.wouldChange.${params.kind}`, outcome.counts)}</p>
        <p class="muted">${req.t("webmore.import.nothingYet", { file: params.filename })}</p>
        <form method="post" action="/console/imports/confirm" class="inline">
          ${csrfField(req.view)} ${hiddenParams(params, file.data)}
          <button type="submit">${req.t("webmore.import.confirm")}</button>
        </form>
        <a href="/console/imports">${req.t("webmore.broadcast.cancel")}</a>
      </section>`,
    });
  });

  routes.post("/imports/confirm", async (req, http, res) => {
    const params = readParams((name) => field(http, name));
    if (await refuseUnless(req, res, params ? ACTION[params.kind] : "council.setUp")) return;
    const bytes = Buffer.from(field(http, "data"), "base64");
    if (!params || bytes.length === 0) throw new UserError("webmore.import.noFile");
    if (bytes.length > MAX_UPLOAD_BYTES) throw new UserError("webmore.import.tooLarge", { max: MAX_UPLOAD_BYTES / 1024 / 1024 });
    // Checked again first: the statistics import would otherwise write the valid rows of a file that changed.
    const rehearsed = await rehearse(req.db, (db) => tryImport(req, db, params, bytes));
    const outcome = rehearsed.ok ? await tryImport(req, req.db, params, bytes) : rehearsed;
    if (!outcome.ok) {
      await sendPage(
        res,
        req,
        {
          title: req.t("webmore.import.title"),
          body: html`${problemTable(req, params, outcome.problems)}${await uploadForm(req, params)}`,
        },
        422,
      );
      return;
    }
    res.redirect(303, "/console/imports?done=imported");
  });
}

// Creating a survey from a YAML file in the console, through the same reading and checks as `kyodo survey create`
// (domain/surveys/read-definition.ts, resolveAudience): problems with their line before anything is written, then a
// preview (questions, bodies, dates, who gets the notice and who cannot be reached) and a confirmation, on which
// the text is read and checked again and createSurvey runs.
import { html } from "hono/html";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { reachLines } from "../../domain/delivery/audience-reach.ts";
import { createSurvey, resolveAudience } from "../../domain/surveys/create-survey.ts";
import { problemIssue, readSurveyDefinition, SurveyDefinitionError, type DefinitionIssue } from "../../domain/surveys/read-definition.ts";
import { plannedReachOfBodies } from "../../domain/surveys/survey-reach.ts";
import { questionText, type SurveyDefinition } from "../../domain/surveys/survey-types.ts";
import { formatPath } from "../../lib/definition-path.ts";
import { UserError } from "../../lib/user-error.ts";
import { field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { yamlUploadForm, type YamlUploadForm } from "./yaml-upload-form.ts";
import { csrfField, type Html } from "../layout.ts";

const FILE = "survey.yaml";
const MAX_YAML = 200_000;

type Read = { ok: true; definition: SurveyDefinition; bodyIds: string[] } | { ok: false; problems: string[] };

function issueLine(req: ConsoleRequest, issue: DefinitionIssue): string {
  return `${issue.line ? `${FILE}:${issue.line}` : FILE} ${formatPath(issue.path)}: ${req.locale === "en" ? issue.en : issue.ja}`;
}

async function read(req: ConsoleRequest, yaml: string): Promise<Read> {
  if (yaml.trim().length === 0) return { ok: false, problems: [req.t("web.ballotNew.empty")] };
  if (yaml.length > MAX_YAML) return { ok: false, problems: [req.t("web.ballotNew.tooLong")] };
  try {
    const { definition, source } = readSurveyDefinition(yaml, FILE, req.zone, req.now);
    const { bodyIds, problems } = await resolveAudience(req.db, req.councilId, definition.audience);
    if (problems.length > 0) return { ok: false, problems: problems.map((p) => issueLine(req, problemIssue(p, source))) };
    if (bodyIds.length === 0) return { ok: false, problems: [req.t("surveys.definition.noBodies")] };
    return { ok: true, definition, bodyIds };
  } catch (error) {
    if (error instanceof SurveyDefinitionError) return { ok: false, problems: error.issues.map((i) => issueLine(req, i)) };
    if (error instanceof UserError) return { ok: false, problems: [req.t(error.key, error.vars)] };
    throw error;
  }
}

const FORM: YamlUploadForm = {
  action: "/console/surveys/new",
  idPrefix: "survey",
  introKey: "web.surveyNew.intro",
  fileKey: "web.surveyNew.file",
  yamlKey: "web.surveyNew.yaml",
};

function form(req: ConsoleRequest, yaml: string, problems: string[] = []): Html {
  return yamlUploadForm(req, FORM, yaml, problems);
}

async function preview(req: ConsoleRequest, yaml: string, definition: SurveyDefinition, bodyIds: string[]): Promise<Html> {
  const { t, zone, locale } = req;
  const when = (d: Date) => formatInstant(d, zone, locale);
  const opensAt = definition.opensAt && definition.opensAt > req.now ? definition.opensAt : req.now;
  const reach = await plannedReachOfBodies(req.db, { councilId: req.councilId, bodyIds, opensAt }, req.now);
  return html`<section aria-labelledby="h-preview">
    <h2 id="h-preview">${t("web.ballotNew.preview")}</h2>
    <dl class="fields">
      <dt>${t("web.col.title")}</dt>
      <dd>${definition.title}</dd>
      <dt>${t("web.surveyNew.bodies")}</dt>
      <dd>${bodyIds.length}</dd>
      <dt>${t("web.col.opens")}</dt>
      <dd>${when(opensAt)}</dd>
      <dt>${t("web.col.due")}</dt>
      <dd>${when(definition.dueAt)}</dd>
    </dl>
    <h3>${t("web.surveyNew.questions")}</h3>
    <ol>
      ${definition.questions.map((q) => html`<li>${questionText(q, locale)}</li>`)}
    </ol>
    <h3>${t("web.ballotNew.reach")}</h3>
    <p>${t("notices.opening.planned", { when: when(reach.announceAt), bodies: reach.bodies, people: reach.people })}</p>
    <ul>
      ${reachLines(reach, locale, when).map((line) => html`<li>${line}</li>`)}
    </ul>
    <form method="post" action="/console/surveys/create" class="inline">
      ${csrfField(req.view)}
      <input type="hidden" name="yaml" value="${yaml}" />
      <button type="submit">${t("web.surveyNew.confirm")}</button>
    </form>
    <a href="/console/surveys/new">${t("web.ballotNew.cancel")}</a>
  </section>`;
}

export function registerSurveyCreateRoutes(routes: ConsoleRoutes): void {
  routes.get("/surveys/new", async (req, _http, res) => {
    if (await refuseUnless(req, res, "survey.create")) return;
    await sendPage(res, req, { title: req.t("web.surveyNew.title"), body: form(req, "") });
  });
  routes.post("/surveys/new", async (req, http, res) => {
    if (await refuseUnless(req, res, "survey.create")) return;
    const yaml = field(http, "yaml");
    const checked = await read(req, yaml);
    if (!checked.ok) return sendPage(res, req, { title: req.t("web.surveyNew.title"), body: form(req, yaml, checked.problems) }, 422);
    await sendPage(res, req, { title: req.t("web.surveyNew.title"), body: await preview(req, yaml, checked.definition, checked.bodyIds) });
  });
  routes.post("/surveys/create", async (req, http, res) => {
    if (await refuseUnless(req, res, "survey.create")) return;
    const yaml = field(http, "yaml");
    const checked = await read(req, yaml);
    if (!checked.ok) return sendPage(res, req, { title: req.t("web.surveyNew.title"), body: form(req, yaml, checked.problems) }, 422);
    const { definition, source } = readSurveyDefinition(yaml, FILE, req.zone, req.now);
    const created = await createSurvey(req.db, { councilId: req.councilId, definition, createdBy: req.actor, source }, req.now, req.zone);
    res.redirect(303, `/console/surveys/${created.survey.number}?done=surveyCreated`);
  });
}

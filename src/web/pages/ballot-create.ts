// Creating a ballot from a YAML file in the console, with the same parsing, checks and line-numbered problems as
// `kyodo ballot create` (domain/motions/ballot-definition.ts and check-ballot-draft.ts): nothing is written until
// the draft is valid, previewed (organ, seats, motions, rules, who gets it and who cannot be reached) and confirmed.
// The confirmation sends the same text back and it is checked again, so what is created is what was previewed.
import { html } from "hono/html";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { reachLines } from "../../domain/delivery/audience-reach.ts";
import { parseBallotDefinition } from "../../domain/motions/ballot-definition.ts";
import { plannedBallotReach } from "../../domain/motions/ballot-reach.ts";
import { describeRules, motionLabel } from "../../domain/motions/ballot-text.ts";
import { checkBallotDraft, type CheckedBallot } from "../../domain/motions/check-ballot-draft.ts";
import { createBallot } from "../../domain/motions/create-ballot.ts";
import { formatPath } from "../../lib/definition-path.ts";
import { UserError } from "../../lib/user-error.ts";
import { field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { yamlUploadForm, type YamlUploadForm } from "./yaml-upload-form.ts";
import { csrfField, type Html } from "../layout.ts";

const FILE = "ballot.yaml";
const MAX_YAML = 200_000;

type Checked = { ok: true; ballot: CheckedBallot } | { ok: false; problems: string[] };

/** The YAML through the CLI's parse and check; problems as "ballot.yaml:12 motions[1].title: …". */
async function check(req: ConsoleRequest, yaml: string): Promise<Checked> {
  if (yaml.trim().length === 0) return { ok: false, problems: [req.t("web.ballotNew.empty")] };
  if (yaml.length > MAX_YAML) return { ok: false, problems: [req.t("web.ballotNew.tooLong")] };
  let parsed: ReturnType<typeof parseBallotDefinition>;
  try {
    parsed = parseBallotDefinition(yaml, FILE);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // "invalid" carries the line-numbered problems, one per line; the others are one problem.
    const text = error.key === "motions.definition.invalid" ? String(error.vars.problems) : req.t(error.key, error.vars);
    return { ok: false, problems: text.split("\n") };
  }
  const d = parsed.definition;
  const checked = await checkBallotDraft(
    req.db,
    req.councilId,
    { ...d, rules: d.rules ?? undefined, reminders: d.reminders ?? undefined },
    req.now,
    req.zone,
  );
  if (!checked.ok)
    return {
      ok: false,
      problems: checked.problems.map((p) => `${FILE}:${parsed.lineOf(p.path)} ${formatPath(p.path)}: ${req.t(p.key, p.vars)}`),
    };
  return checked;
}

const FORM: YamlUploadForm = {
  action: "/console/ballots/new",
  idPrefix: "ballot",
  introKey: "web.ballotNew.intro",
  fileKey: "web.ballotNew.file",
  yamlKey: "web.ballotNew.yaml",
};

function form(req: ConsoleRequest, yaml: string, problems: string[] = []): Html {
  return yamlUploadForm(req, FORM, yaml, problems);
}

async function preview(req: ConsoleRequest, yaml: string, ballot: CheckedBallot): Promise<Html> {
  const { t, zone, locale } = req;
  const when = (d: Date) => formatInstant(d, zone, locale);
  const seats = await req.db.seat.findMany({ where: { organId: ballot.input.organId }, select: { id: true, bodyId: true, role: true } });
  const opensAt = ballot.input.opensAt ?? req.now;
  const reach = await plannedBallotReach(
    req.db,
    { councilId: req.councilId, opensAt, roll: seats.map((s) => ({ seatId: s.id, bodyId: s.bodyId, role: s.role })) },
    req.now,
  );
  return html`<section aria-labelledby="h-preview">
    <h2 id="h-preview">${t("web.ballotNew.preview")}</h2>
    <dl class="fields">
      <dt>${t("web.col.title")}</dt>
      <dd>${ballot.input.title}</dd>
      <dt>${t("motions.fields.organ")}</dt>
      <dd>${ballot.organName} (${t("web.ballotNew.seats", { seats: ballot.seats })})</dd>
      <dt>${t("web.col.opens")}</dt>
      <dd>${when(opensAt)}</dd>
      <dt>${t("web.col.due")}</dt>
      <dd>${when(ballot.input.deadline)}</dd>
    </dl>
    <h3>${t("web.ballotNew.motions")}</h3>
    <ol>
      ${ballot.input.motions.map((m, i) => html`<li>${motionLabel({ number: m.number ?? i + 1, title: m.title }, t)}</li>`)}
    </ol>
    <h3>${t("web.ballot.rules")}</h3>
    <ul>
      ${describeRules(ballot.rules, t).map((line) => html`<li>${line}</li>`)}
    </ul>
    <h3>${t("web.ballotNew.reach")}</h3>
    <p>${t("notices.opening.planned", { when: when(reach.announceAt), bodies: reach.bodies, people: reach.people })}</p>
    <ul>
      ${reachLines(reach, locale, when).map((line) => html`<li>${line}</li>`)}
    </ul>
    <form method="post" action="/console/ballots/create" class="inline">
      ${csrfField(req.view)}
      <input type="hidden" name="yaml" value="${yaml}" />
      <button type="submit">${t("web.ballotNew.confirm")}</button>
    </form>
    <a href="/console/ballots/new">${t("web.ballotNew.cancel")}</a>
  </section>`;
}

export function registerBallotCreateRoutes(routes: ConsoleRoutes): void {
  routes.get("/ballots/new", async (req, _http, res) => {
    if (await refuseUnless(req, res, "ballot.create")) return;
    await sendPage(res, req, { title: req.t("web.ballotNew.title"), body: form(req, "") });
  });
  // Checking writes nothing; it runs as a POST only because the file can be long.
  routes.post("/ballots/new", async (req, http, res) => {
    if (await refuseUnless(req, res, "ballot.create")) return;
    const yaml = field(http, "yaml");
    const checked = await check(req, yaml);
    if (!checked.ok) {
      await sendPage(res, req, { title: req.t("web.ballotNew.title"), body: form(req, yaml, checked.problems) }, 422);
      return;
    }
    await sendPage(res, req, { title: req.t("web.ballotNew.title"), body: await preview(req, yaml, checked.ballot) });
  });
  routes.post("/ballots/create", async (req, http, res) => {
    if (await refuseUnless(req, res, "ballot.create")) return;
    const yaml = field(http, "yaml");
    const checked = await check(req, yaml);
    if (!checked.ok) {
      await sendPage(res, req, { title: req.t("web.ballotNew.title"), body: form(req, yaml, checked.problems) }, 422);
      return;
    }
    const created = await createBallot(req.db, { ...checked.ballot.input, createdBy: req.actor }, req.now, req.zone);
    res.redirect(303, `/console/ballots/${created.number}?done=created`);
  });
}

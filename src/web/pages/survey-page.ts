// A survey in the console: progress by body (answered, in progress, not started — with the staff to chase),
// the results per question with charts, the body × question matrix, downloads, and the secretariat's actions
// (extend or reopen, close, remind the bodies that have not answered). The status, results and matrix are chat's
// own messages (commands/surveys-results.ts), rendered as HTML, so the console and chat show the same numbers.
import type { Request } from "express";
import { html } from "hono/html";
import { renderMatrix, renderResults, renderStatus } from "../../commands/surveys-results.ts";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { parseDateTime } from "../../domain/calendar/parse-date-time.ts";
import { remindNow } from "../../domain/reminders/remind-now.ts";
import { bodyContacts } from "../../domain/reminders/contacts.ts";
import { closeSurvey, setSurveyDeadline } from "../../domain/surveys/change-deadline.ts";
import { SURVEY_SUBJECT, surveyTitle } from "../../domain/surveys/create-survey.ts";
import { exportSurvey } from "../../domain/surveys/export-survey.ts";
import { findSurvey, surveyState } from "../../domain/surveys/find-survey.ts";
import { END_OF_DAY } from "../../domain/surveys/normalize-definition.ts";
import { bodyAnswersOf, surveyStatus, type SurveyStatus } from "../../domain/surveys/survey-status.ts";
import { optionLabel, pick, questionText } from "../../domain/surveys/survey-types.ts";
import { tallySurvey, type QuestionTally } from "../../domain/surveys/tally.ts";
import type { Block, ChartData, OutboundMessage } from "../../engine/messages.ts";
import { UserError } from "../../lib/user-error.ts";
import { findInSlices } from "../../storage/chunked.ts";
import { askToConfirm, doneNotice, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html } from "../layout.ts";
import { chatContext, renderMessage } from "../render-blocks.ts";
import { sendDownload } from "../downloads.ts";
import { inBothLanguages } from "../problems.ts";

/** The bar chart of a question's counts, from the tally chat shows as a table. */
function tallyChart(req: ConsoleRequest, tally: QuestionTally): ChartData | undefined {
  const title = questionText(tally.question, req.locale);
  const unit = req.t("surveys.results.bodies");
  if (tally.type === "choice")
    return {
      title,
      unit,
      categories: tally.counts.map((c) => optionLabel(c.option, req.locale)),
      series: [{ name: unit, values: tally.counts.map((c) => c.count) }],
    };
  if (tally.type === "ranking")
    return {
      title,
      unit: req.t("surveys.results.points"),
      categories: tally.ranked.map((r) => optionLabel(r.option, req.locale)),
      series: [{ name: req.t("surveys.results.points"), values: tally.ranked.map((r) => r.points) }],
    };
  return undefined;
}

/** Chat's results message with each question's chart on its table (one divider starts each question). */
function withCharts(req: ConsoleRequest, message: OutboundMessage, tallies: QuestionTally[]): OutboundMessage {
  let index = -1;
  let charted = false;
  const blocks: Block[] = message.blocks.map((block) => {
    if (block.type === "divider") {
      index += 1;
      charted = false;
      return block;
    }
    const tally = tallies[index];
    if (block.type !== "table" || charted || !tally) return block;
    charted = true;
    const chart = tallyChart(req, tally);
    return chart ? { ...block, chart } : block;
  });
  return { ...message, blocks };
}

/** Every addressed body with where it stands, and for those not done, the staff reminders go to. */
async function progressByBody(req: ConsoleRequest, status: SurveyStatus): Promise<Html> {
  const { db, t } = req;
  const drafts = new Set(
    (await db.surveyDraft.findMany({ where: { surveyId: status.survey.id }, select: { bodyId: true } })).map((d) => d.bodyId),
  );
  const contacts = await bodyContacts(
    db,
    status.pending.map((b) => b.id),
  );
  const personIds = [...new Set([...contacts.values()].flatMap((c) => c.usualContactIds))];
  const people = new Map(
    (
      await findInSlices(personIds, (ids) => db.person.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }))
    ).map((p) => [p.id, p.displayName]),
  );
  const sep = req.locale === "ja" ? "、" : ", ";
  const rows = status.rows.map((row) => {
    const sent = row.submission ?? row.unreadable;
    const state: Html | string = row.unreadable
      ? html`${t("console2.unreadable.state")}<br /><span class="problem">${inBothLanguages(req, "console2.unreadable.answer")}</span>`
      : t(`web.survey.state.${row.submission ? "answered" : drafts.has(row.body.id) ? "inProgress" : "notStarted"}`);
    const who = sent
      ? `${sent.personName} (${formatInstant(sent.submittedAt, req.zone, req.locale)})`
      : (contacts
          .get(row.body.id)
          ?.usualContactIds.map((id) => people.get(id) ?? "?")
          .join(sep) ??
          "") ||
        t("web.survey.noStaff");
    return [row.body.name, row.body.code ?? "—", state, who];
  });
  return table(t("web.survey.byBody"), [t("web.col.body"), t("web.col.code"), t("web.col.state"), t("web.survey.whoOrChase")], rows);
}

function surveyActions(req: ConsoleRequest, status: SurveyStatus): Html {
  const { t } = req;
  const n = status.survey.number;
  const state = surveyState(status.survey, req.now);
  return html`<section aria-labelledby="h-actions">
    <h2 id="h-actions">${t("web.actions")}</h2>
    <form class="inline" method="post" action="/console/surveys/${n}/extend">
      ${csrfField(req.view)}
      <label for="survey-due">${t(state === "closed" ? "web.action.reopenUntil" : "web.action.newDeadline")}</label>
      <input id="survey-due" name="due" type="datetime-local" required />
      <button type="submit">${t(state === "closed" ? "web.action.reopen" : "web.action.extend")}</button>
    </form>
    ${
      state === "closed"
        ? ""
        : html`<form class="inline" method="post" action="/console/surveys/${n}/remind">
              ${csrfField(req.view)}<button type="submit" class="secondary">
                ${t("web.action.remind", { count: status.pending.length })}
              </button>
            </form>
            <form class="inline" method="post" action="/console/surveys/${n}/close">
              ${csrfField(req.view)}<button type="submit" class="danger">${t("web.action.close")}</button>
            </form>`
    }
  </section>`;
}

function downloads(req: ConsoleRequest, base: string): Html {
  const { t } = req;
  return html`<p class="downloads">
    <a href="${base}/download?format=xlsx" download>${t("web.download.xlsx")}</a>
    <a href="${base}/download?format=csv&amp;encoding=utf8" download>${t("web.download.csvUtf8")}</a>
    <a href="${base}/download?format=csv&amp;encoding=sjis" download>${t("web.download.csvSjis")}</a>
  </p>`;
}

/** Logs each unreadable submission (once) and says above the page which bodies it concerns. */
function unreadableNotice(req: ConsoleRequest, unreadable: SurveyStatus["unreadable"]): Html | string {
  for (const u of unreadable) req.unreadable.report(u.where, u.problem);
  if (unreadable.length === 0) return "";
  const bodies = unreadable.map((u) => u.body.name).join(req.locale === "ja" ? "、" : ", ");
  return html`<p class="notice error" role="alert">
    ${inBothLanguages(req, "console2.unreadable.answers", { count: unreadable.length, bodies })}
  </p>`;
}

async function surveyFor(req: ConsoleRequest, http: Request) {
  return findSurvey(req.db, req.councilId, String(http.params.number ?? ""));
}

export function registerSurveyRoutes(routes: ConsoleRoutes): void {
  routes.get("/surveys/:number", async (req, http, res) => {
    if (await refuseUnless(req, res, "survey.manage")) return;
    const survey = await surveyFor(req, http);
    const status = await surveyStatus(req.db, survey.id);
    const ctx = chatContext(req);
    const tallies = tallySurvey(status.questions, bodyAnswersOf(status));
    const title = surveyTitle({ number: survey.number, title: pick(survey.title, survey.titleEn ?? undefined, req.locale) }, req.locale);
    const base = `/console/surveys/${survey.number}`;
    await sendPage(res, req, {
      title,
      notice: doneNotice(req, http),
      body: html`
        ${unreadableNotice(req, status.unreadable)} ${surveyActions(req, status)}
        <section aria-labelledby="h-status">${renderMessage(renderStatus(ctx, status, req.zone), { headingId: "h-status" })}</section>
        <section aria-labelledby="h-bodies">
          <h2 id="h-bodies">${req.t("web.survey.byBody")}</h2>
          ${await progressByBody(req, status)}
        </section>
        <section aria-labelledby="h-results">
          ${renderMessage(withCharts(req, renderResults(ctx, status, tallies), tallies), { headingId: "h-results" })}
          ${downloads(req, base)}
        </section>
        <section aria-labelledby="h-matrix">${renderMessage(renderMatrix(ctx, status), { headingId: "h-matrix" })}</section>
      `,
    });
  });
  routes.get("/surveys/:number/download", async (req, http, res) => {
    if (await refuseUnless(req, res, "survey.manage")) return;
    const survey = await surveyFor(req, http);
    const format = http.query.format === "xlsx" ? "xlsx" : "csv";
    const encoding = http.query.encoding === "sjis" ? "sjis" : "utf8";
    const file = await exportSurvey(req.db, survey.id, { format, encoding, zone: req.zone });
    for (const u of file.unreadable) req.unreadable.report(u.where, u.problem);
    sendDownload(res, file.buffer, `survey-${survey.number}${format === "csv" ? `-${encoding}` : ""}.${format}`, format, encoding);
  });
  routes.post("/surveys/:number/extend", async (req, http, res) => {
    if (await refuseUnless(req, res, "survey.manage")) return;
    const survey = await surveyFor(req, http);
    const dueAt = parseDateTime(field(http, "due"), req.zone, END_OF_DAY);
    if (!dueAt) throw new UserError("web.error.badDate", {});
    await setSurveyDeadline(req.db, { surveyId: survey.id, dueAt, actor: req.actor }, req.now, req.zone);
    res.redirect(303, `/console/surveys/${survey.number}?done=extended`);
  });
  routes.post("/surveys/:number/close", async (req, http, res) => {
    if (await refuseUnless(req, res, "survey.manage")) return;
    const survey = await surveyFor(req, http);
    const answered = await req.db.surveySubmission.count({ where: { surveyId: survey.id, current: true } });
    const total = await req.db.surveyTarget.count({ where: { surveyId: survey.id } });
    const question = req.t("web.confirm.closeSurvey", { title: surveyTitle(survey, req.locale), pending: total - answered, total });
    if (await askToConfirm(req, http, res, question)) return;
    await closeSurvey(req.db, { surveyId: survey.id, actor: req.actor }, req.now);
    res.redirect(303, `/console/surveys/${survey.number}?done=closed`);
  });
  routes.post("/surveys/:number/remind", async (req, http, res) => {
    if (await refuseUnless(req, res, "survey.manage")) return;
    const survey = await surveyFor(req, http);
    await remindNow(req.db, req.trackers, { subjectType: SURVEY_SUBJECT, subjectId: survey.id, actor: req.actor }, req.now);
    res.redirect(303, `/console/surveys/${survey.number}?done=reminded`);
  });
}

// A ballot in the console: the rules, turnout overall and per motion with the seats still to vote (chat's own
// status message), each motion's tally against the rules — provisional while open, the recorded result once
// closed — the per-seat record, downloads, and the secretariat's actions (extend, close, remind the seats).
import type { Request } from "express";
import { html } from "hono/html";
import { statusMessage } from "../../commands/motions-render.ts";
import { parseDateTime } from "../../domain/calendar/parse-date-time.ts";
import { ballotStatus } from "../../domain/motions/ballot-status.ts";
import { resultBlocks, type MotionResult } from "../../domain/motions/ballot-notices.ts";
import { choiceLabel, describeRules, motionLabel } from "../../domain/motions/ballot-text.ts";
import { closeBallot, recordedResults } from "../../domain/motions/close-ballot.ts";
import { setBallotDeadline } from "../../domain/motions/extend-ballot.ts";
import { exportBallotRecord } from "../../domain/motions/export-ballot-record.ts";
import {
  BALLOT_SUBJECT,
  ballotLabel,
  currentVotes,
  findBallot,
  readBallotNumber,
  type LoadedBallot,
} from "../../domain/motions/find-ballot.ts";
import { findOption } from "../../domain/motions/motion-options.ts";
import { readableRecord as readRecord, tallyFromVotes } from "../../domain/motions/ballot-results.ts";
import { remindNow } from "../../domain/reminders/remind-now.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, doneNotice, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { sendDownload } from "../downloads.ts";
import { inBothLanguages } from "../problems.ts";
import { csrfField, table, type Html } from "../layout.ts";
import { chatContext, renderBlock, renderMessage } from "../render-blocks.ts";
import { motionNotice, motionTools, registerMotionToolRoutes } from "./ballot-motions.ts";

type Votes = Awaited<ReturnType<typeof currentVotes>>;

/** What the tally would be if the ballot closed now: the same rules and code as the close. */
function provisionalResults(ballot: LoadedBallot, votes: Votes): MotionResult[] {
  return tallyFromVotes(ballot, votes);
}

/**
 * The closed ballot with only the recorded tallies that can be read, and the motions whose stored tally cannot
 * (each logged once; domain/motions/ballot-results.ts reads them, as chat and the CLI do). Chat's status message
 * and the export read the tallies of the ballot they are given, so they get the readable ones and show the
 * others as not recorded instead of failing the whole page.
 */
function readableRecord(req: ConsoleRequest, ballot: LoadedBallot): { ballot: LoadedBallot; unreadable: LoadedBallot["motions"] } {
  const record = readRecord(ballot);
  for (const u of record.unreadable) req.unreadable.report(u.where, u.problem);
  return { ballot: record.ballot, unreadable: record.unreadable.map((u) => u.motion) };
}

/** Where a closed motion's record cannot be read: says so, and shows a recount from the stored votes beside it. */
function unreadableResults(req: ConsoleRequest, ballot: LoadedBallot, unreadable: LoadedBallot["motions"], votes: Votes): Html | string {
  if (unreadable.length === 0) return "";
  const ids = new Set(unreadable.map((m) => m.id));
  const recount = provisionalResults(ballot, votes).filter((r) => ids.has(r.motion.id));
  return html`<section aria-labelledby="h-unreadable">
    <h2 id="h-unreadable">${req.t("console2.unreadable.recount")}</h2>
    ${unreadable.map(
      (motion) =>
        html`<p class="notice error" role="alert">
          ${inBothLanguages(req, "console2.unreadable.tally", { motion: motionLabel(motion, req.t) })}
        </p>`,
    )}
    ${resultBlocks(ballot, recount, req.locale).map((block) => renderBlock(block))}
  </section>`;
}

/** One row per seat, one column per motion: what each seat has cast (the download has every vote and its history). */
function seatRecord(req: ConsoleRequest, status: Awaited<ReturnType<typeof ballotStatus>>, votes: Votes): Html {
  const { t } = req;
  const motions = status.ballot.motions;
  const rows = status.seats.map((seat) => [
    seat.bodyName,
    seat.bodyCode ?? "—",
    seat.holders.join(req.locale === "ja" ? "、" : ", ") || t("motions.status.noHolder"),
    ...motions.map((motion) => {
      if (motion.recusedSeatIds.has(seat.seatId)) return t("web.ballot.recused");
      const vote = votes.get(motion.id)?.get(seat.seatId);
      if (!vote) return "—";
      if (!findOption(motion.options, vote.choice)) {
        // Counted as no vote by the tally; the row says why, and the log names the stored vote.
        req.unreadable.report(`MotionVote ${vote.id}.choice`, `"${vote.choice}" is not an option of motion ${motion.id}`);
        return html`<span class="problem">${inBothLanguages(req, "console2.unreadable.vote", { choice: vote.choice })}</span>`;
      }
      const label = choiceLabel(motion.options, vote.choice, req.locale);
      return vote.stale ? t("web.ballot.stale", { choice: label }) : label;
    }),
  ]);
  return table(
    t("web.ballot.record"),
    [t("web.col.body"), t("web.col.code"), t("motions.columns.holder"), ...motions.map((m) => motionLabel(m, t))],
    rows,
  );
}

async function ballotFor(req: ConsoleRequest, http: Request): Promise<LoadedBallot> {
  const number = readBallotNumber(String(http.params.number ?? ""));
  if (number === undefined) throw new UserError("web.error.notFound", {});
  return findBallot(req.db, req.councilId, number);
}

function ballotActions(req: ConsoleRequest, ballot: LoadedBallot, closed: boolean): Html {
  const { t } = req;
  if (closed) return html``;
  const n = ballot.number;
  return html`<section aria-labelledby="h-actions">
    <h2 id="h-actions">${t("web.actions")}</h2>
    <form class="inline" method="post" action="/console/ballots/${n}/extend">
      ${csrfField(req.view)}
      <label for="ballot-deadline">${t("web.action.newDeadline")}</label>
      <input id="ballot-deadline" name="deadline" type="datetime-local" required />
      <button type="submit">${t("web.action.extend")}</button>
    </form>
    <form class="inline" method="post" action="/console/ballots/${n}/remind">
      ${csrfField(req.view)}<button type="submit" class="secondary">${t("web.action.remindSeats")}</button>
    </form>
    <form class="inline" method="post" action="/console/ballots/${n}/close">
      ${csrfField(req.view)}<button type="submit" class="danger">${t("web.action.close")}</button>
    </form>
  </section>`;
}

export function registerBallotRoutes(routes: ConsoleRoutes): void {
  registerMotionToolRoutes(routes);
  routes.get("/ballots/:number", async (req, http, res) => {
    if (await refuseUnless(req, res, "ballot.status")) return;
    const record = readableRecord(req, await ballotFor(req, http));
    const ballot = record.ballot;
    const status = await ballotStatus(req.db, ballot, req.now);
    const closed = status.phase === "closed";
    const votes = status.votes;
    const results = closed ? recordedResults(ballot) : provisionalResults(ballot, votes);
    const base = `/console/ballots/${ballot.number}`;
    // Closed: chat's status message already carries the recorded result.
    const status_ = statusMessage(chatContext(req), status, req.zone);
    await sendPage(res, req, {
      title: ballotLabel(ballot),
      notice: doneNotice(req, http) ?? motionNotice(req, http),
      body: html`
        ${ballotActions(req, ballot, closed)}
        <section aria-labelledby="h-status">
          ${renderMessage(status_, { headingId: "h-status" })}
          <h3>${req.t("web.ballot.rules")}</h3>
          <ul>
            ${describeRules(ballot.rules, req.t).map((line) => html`<li>${line}</li>`)}
          </ul>
        </section>
        ${unreadableResults(req, ballot, record.unreadable, votes)}
        ${
          closed
            ? ""
            : html`<section aria-labelledby="h-tally">
                <h2 id="h-tally">${req.t("web.ballot.provisional")}</h2>
                <p class="muted">${req.t("web.ballot.provisionalNote")}</p>
                ${resultBlocks(ballot, results, req.locale).map((block) => renderBlock(block))}
              </section>`
        }
        <section aria-labelledby="h-record">
          <h2 id="h-record">${req.t("web.ballot.record")}</h2>
          <p class="downloads">
            <a href="${base}/download?format=xlsx" download>${req.t("web.download.xlsx")}</a>
            <a href="${base}/download?format=csv&amp;encoding=utf8" download>${req.t("web.download.csvUtf8")}</a>
            <a href="${base}/download?format=csv&amp;encoding=sjis" download>${req.t("web.download.csvSjis")}</a>
          </p>
          ${seatRecord(req, status, votes)}
        </section>
        ${await motionTools(req, ballot, status.seats)}
      `,
    });
  });
  routes.get("/ballots/:number/download", async (req, http, res) => {
    if (await refuseUnless(req, res, "ballot.status")) return;
    const { ballot } = readableRecord(req, await ballotFor(req, http));
    const format = http.query.format === "xlsx" ? "xlsx" : "csv";
    const encoding = http.query.encoding === "sjis" ? "sjis" : "utf8";
    const file = await exportBallotRecord(req.db, ballot, { format, encoding, zone: req.zone, locale: req.locale });
    sendDownload(res, file.buffer, `ballot-${ballot.number}${format === "csv" ? `-${encoding}` : ""}.${format}`, format, encoding);
  });
  routes.post("/ballots/:number/extend", async (req, http, res) => {
    if (await refuseUnless(req, res, "ballot.extend")) return;
    const ballot = await ballotFor(req, http);
    const deadline = parseDateTime(field(http, "deadline"), req.zone);
    if (!deadline) throw new UserError("web.error.badDate", {});
    await setBallotDeadline(req.db, { ballotId: ballot.id, deadline, actor: req.actor }, req.now, req.zone);
    res.redirect(303, `/console/ballots/${ballot.number}?done=extended`);
  });
  routes.post("/ballots/:number/close", async (req, http, res) => {
    if (await refuseUnless(req, res, "ballot.close")) return;
    const ballot = await ballotFor(req, http);
    const status = await ballotStatus(req.db, ballot, req.now);
    const question = req.t("web.confirm.closeBallot", { label: ballotLabel(ballot), pending: status.pending.length, total: status.total });
    if (await askToConfirm(req, http, res, question)) return;
    await closeBallot(req.db, ballot.id, req.now, "secretariat", req.actor);
    res.redirect(303, `/console/ballots/${ballot.number}?done=closed`);
  });
  routes.post("/ballots/:number/remind", async (req, http, res) => {
    if (await refuseUnless(req, res, "ballot.status")) return;
    const ballot = await ballotFor(req, http);
    await remindNow(req.db, req.trackers, { subjectType: BALLOT_SUBJECT, subjectId: ballot.id, actor: req.actor }, req.now);
    res.redirect(303, `/console/ballots/${ballot.number}?done=reminded`);
  });
}

// The secretariat's motion tools on a ballot's console page, as `kyodo motion edit / recuse` does them: correct a
// motion's title, text and attachments (editMotion: only before the deadline; the old wording stays as a revision,
// and votes already cast on the motion stop counting and their voters are asked again — the confirmation says how
// many), and take a seat off one motion's roll (recuseSeat: 除斥・回避, with a reason; a vote the seat cast stays in
// the record unused). Current recusals are listed on the ballot page. A recusal cannot be lifted: no use case does
// that, in chat or the CLI either, and the page says so. Every change asks first, is CSRF-checked by the console,
// and is audited with channel "web".
import type { Request } from "express";
import { html } from "hono/html";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import type { SeatStatus } from "../../domain/motions/ballot-status.ts";
import { motionLabel } from "../../domain/motions/ballot-text.ts";
import { editMotion } from "../../domain/motions/edit-motion.ts";
import {
  ballotLabel,
  ballotPhase,
  findBallot,
  findMotion,
  readBallotNumber,
  type Attachment,
  type LoadedBallot,
  type LoadedMotion,
} from "../../domain/motions/find-ballot.ts";
import { optionLabel } from "../../domain/motions/motion-options.ts";
import { recuseSeat } from "../../domain/motions/recuse-seat.ts";
import { findInSlices } from "../../storage/chunked.ts";
import { findForbiddenCharacter } from "../../lib/untrusted-text.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import { permitted, type ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html, type PageContent } from "../layout.ts";
import { inBothLanguages, problemList } from "../problems.ts";

/** The bound a ballot file puts on a motion's text (ballot-definition.ts); the console edits the same text. */
const MAX_TEXT = 20_000;
const MAX_REASON = 500;
/** A ballot file's bounds on a motion's attachments (別紙): at most 20, labels up to 100 characters. */
const MAX_ATTACHMENTS = 20;

/** editMotion refuses once the deadline has passed; the console says so before anyone types. */
const editable = (ballot: LoadedBallot, now: Date) => ["scheduled", "open"].includes(ballotPhase(ballot, now));

/** A posted text as it is stored: browsers send a textarea's line breaks as CRLF. */
function posted(http: Request, name: string): string {
  return field(http, name).replace(/\r\n?/g, "\n");
}

async function ballotFor(req: ConsoleRequest, http: Request): Promise<LoadedBallot> {
  const number = readBallotNumber(String(http.params.number ?? ""));
  if (number === undefined) throw new UserError("web.error.notFound", {});
  return findBallot(req.db, req.councilId, number);
}

function motionFor(ballot: LoadedBallot, value: string): LoadedMotion {
  const text = value.normalize("NFKC").trim();
  if (!/^\d{1,3}$/.test(text)) throw new UserError("consoleMotions.pickMotion", {});
  return findMotion(ballot, Number(text));
}

/** Votes that editing the motion would make stale: the current, still counted ones (as editMotion selects them). */
function countedVotes(req: ConsoleRequest, motion: LoadedMotion): Promise<number> {
  return req.db.motionVote.count({ where: { motionId: motion.id, current: true, stale: false } });
}

function refuseControlCharacters(req: ConsoleRequest, name: string, value: string): string[] {
  const forbidden = findForbiddenCharacter(value);
  return forbidden
    ? [inBothLanguages(req, "consoleMotions.controlCharacter", { field: req.t(`consoleMotions.field.${name}`), ...forbidden })]
    : [];
}

/** The edit form as typed: attachments one a line, "label URL". */
interface EditForm {
  title: string;
  text: string;
  attachments: string;
}

const attachmentLines = (attachments: Attachment[]) => attachments.map((a) => `${a.label} ${a.url}`).join("\n");

/** The attachment lines as editMotion takes them, or the problem with each line that cannot be one. */
function readAttachments(req: ConsoleRequest, text: string): { attachments: Attachment[]; problems: string[] } {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const attachments: Attachment[] = [];
  const problems: string[] = [];
  if (lines.length > MAX_ATTACHMENTS) problems.push(inBothLanguages(req, "consoleMotions.tooManyAttachments", { max: MAX_ATTACHMENTS }));
  for (const [index, line] of lines.entries()) {
    // The URL is the last word; the label is everything before it (labels have spaces: 「別紙1 負担金額（案）」).
    const match = /^(.+?)\s+(\S+)$/u.exec(line);
    const label = match?.[1]?.trim() ?? "";
    const url = match?.[2] ?? line;
    let web = false;
    try {
      web = ["http:", "https:"].includes(new URL(url).protocol);
    } catch {
      web = false;
    }
    if (!web || label.length === 0 || label.length > 100)
      problems.push(inBothLanguages(req, "consoleMotions.badAttachment", { line: index + 1, text: line }));
    else attachments.push({ label, url });
  }
  return { attachments, problems };
}

/** The checks editMotion makes, and the console's own (control characters, lengths, attachment lines), as problems. */
function checkEdit(req: ConsoleRequest, motion: LoadedMotion, form: EditForm): { attachments: Attachment[]; problems: string[] } {
  const { title, text } = form;
  const problems = [
    ...refuseControlCharacters(req, "title", title),
    ...refuseControlCharacters(req, "text", text),
    ...refuseControlCharacters(req, "attachments", form.attachments),
  ];
  if (title.trim().length === 0 || title.trim().length > 300)
    problems.push(inBothLanguages(req, "motions.badMotionTitle", { number: motion.number }));
  if (text.trim().length > MAX_TEXT) problems.push(inBothLanguages(req, "consoleMotions.textTooLong", { max: MAX_TEXT }));
  const read = readAttachments(req, form.attachments);
  problems.push(...read.problems);
  if (problems.length === 0 && changedFields(motion, form, read.attachments).length === 0)
    problems.push(inBothLanguages(req, "motions.nothingChanged", { number: motion.number }));
  return { attachments: read.attachments, problems };
}

/** What editMotion would change, compared as it compares (trimmed text, attachments as stored JSON). */
function changedFields(motion: LoadedMotion, form: EditForm, attachments: Attachment[]): string[] {
  return [
    form.title.trim() !== motion.title ? "title" : "",
    form.text.trim() !== motion.text ? "text" : "",
    JSON.stringify(attachments) !== JSON.stringify(motion.attachments) ? "attachments" : "",
  ].filter(Boolean);
}

async function editPage(
  req: ConsoleRequest,
  ballot: LoadedBallot,
  motion: LoadedMotion,
  values: EditForm,
  problems: string[] = [],
): Promise<PageContent> {
  const { t } = req;
  const counted = await countedVotes(req, motion);
  const options = motion.options.map((o) => optionLabel(o, req.locale)).join(" / ");
  return {
    title: t("consoleMotions.edit.title", { label: ballotLabel(ballot), number: motion.number }),
    body: html`${problemList(req, problems)}
      <p>${t("consoleMotions.edit.version", { version: motion.version })}</p>
      <p class="notice ${counted > 0 ? "error" : "ok"}" role="note">
        ${counted > 0 ? t("consoleMotions.edit.staleWarning", { count: counted }) : t("consoleMotions.edit.noVotes")}
      </p>
      <form method="post" action="/console/ballots/${ballot.number}/motions/${motion.number}/edit" class="stack">
        ${csrfField(req.view)}
        <p>
          <label for="motion-title">${t("consoleMotions.field.title")}</label>
          <input id="motion-title" name="title" value="${values.title}" maxlength="300" required />
        </p>
        <p>
          <label for="motion-text">${t("consoleMotions.field.text")}</label>
          <textarea id="motion-text" name="text" rows="8">${values.text}</textarea>
        </p>
        <p>
          <label for="motion-attachments">${t("consoleMotions.field.attachments")}</label>
          <textarea id="motion-attachments" name="attachments" rows="4">${values.attachments}</textarea>
        </p>
        <p class="muted">${t("consoleMotions.edit.attachmentsHint", { max: MAX_ATTACHMENTS })}</p>
        <p class="muted">${t("consoleMotions.edit.optionsFixed", { options })}</p>
        <p><button type="submit">${t("consoleMotions.edit.check")}</button></p>
      </form>
      <p><a href="/console/ballots/${ballot.number}">${t("consoleMotions.back")}</a></p>`,
  };
}

type Recusal = { motion: string; body: string; reason: string; by: string; at: string };

async function recusalsOf(req: ConsoleRequest, ballot: LoadedBallot, seats: SeatStatus[]): Promise<Recusal[]> {
  const rows = await req.db.motionRecusal.findMany({
    where: { motionId: { in: ballot.motions.map((m) => m.id) } },
    orderBy: { createdAt: "asc" },
  });
  const bodyOf = new Map(seats.map((s) => [s.seatId, s.bodyName]));
  const personIds = [...new Set(rows.map((r) => r.createdBy).filter((by) => by.startsWith("person:")))].map((by) => by.slice(7));
  const names = new Map(
    (
      await findInSlices(personIds, (ids) =>
        req.db.person.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }),
      )
    ).map((p) => [`person:${p.id}`, p.displayName]),
  );
  const motionOf = new Map(ballot.motions.map((m) => [m.id, m]));
  return rows.map((r) => ({
    motion: motionLabel(motionOf.get(r.motionId)!, req.t),
    body: bodyOf.get(r.seatId) ?? "?",
    reason: r.reason ?? "—",
    by: names.get(r.createdBy) ?? r.createdBy,
    at: formatInstant(r.createdAt, req.zone, req.locale),
  }));
}

/** The ballot page's part: edit links per motion, the recusals so far, and the form recording one. */
export async function motionTools(req: ConsoleRequest, ballot: LoadedBallot, seats: SeatStatus[]): Promise<Html | string> {
  const { t } = req;
  const phase = ballotPhase(ballot, req.now);
  const recusals = await recusalsOf(req, ballot, seats);
  const canEdit = permitted(req, "motion.edit") && editable(ballot, req.now);
  const canRecuse = permitted(req, "motion.recuse") && phase !== "closed";
  const n = ballot.number;
  return html`<section aria-labelledby="h-motions">
    <h2 id="h-motions">${t("consoleMotions.heading")}</h2>
    ${
      canEdit
        ? html`<ul>
            ${ballot.motions.map(
              (m) =>
                html`<li>
                  <a href="/console/ballots/${n}/motions/${m.number}">${t("consoleMotions.editLink", { motion: motionLabel(m, t) })}</a>
                </li>`,
            )}
          </ul>`
        : ""
    }
    <h3>${t("consoleMotions.recusals")}</h3>
    ${
      recusals.length === 0
        ? html`<p>${t("consoleMotions.noRecusals")}</p>`
        : table(
            t("consoleMotions.recusals"),
            [
              t("motions.columns.motion"),
              t("web.col.body"),
              t("consoleMotions.field.reason"),
              t("consoleMotions.by"),
              t("consoleMotions.at"),
            ],
            recusals.map((r) => [r.motion, r.body, r.reason, r.by, r.at]),
          )
    }
    <p class="muted">${t("consoleMotions.noLifting")}</p>
    ${
      canRecuse
        ? html`<form class="stack" method="post" action="/console/ballots/${n}/recuse">
            ${csrfField(req.view)}
            <h3>${t("consoleMotions.recuseHeading")}</h3>
            <p class="muted">${t("consoleMotions.recuseIntro")}</p>
            <p>
              <label for="recuse-motion">${t("motions.columns.motion")}</label>
              <select id="recuse-motion" name="motion" required>
                <option value="">—</option>
                ${ballot.motions.map((m) => html`<option value="${m.number}">${motionLabel(m, t)}</option>`)}
              </select>
            </p>
            <p>
              <label for="recuse-body">${t("web.col.body")}</label>
              <select id="recuse-body" name="body" required>
                <option value="">—</option>
                ${seats.map((s) => html`<option value="${s.bodyId}">${s.bodyName}</option>`)}
              </select>
            </p>
            <p>
              <label for="recuse-reason">${t("consoleMotions.field.reason")}</label>
              <input id="recuse-reason" name="reason" maxlength="${MAX_REASON}" placeholder="${t("consoleMotions.reasonPlaceholder")}" />
            </p>
            <p><button type="submit">${t("consoleMotions.recuse")}</button></p>
          </form>`
        : ""
    }
  </section>`;
}

/** The ballot page's notice after a motion tool's redirect (the console's own list does not know these). */
export function motionNotice(req: ConsoleRequest, http: Request): PageContent["notice"] {
  const done = typeof http.query.done === "string" ? http.query.done : "";
  const count = (name: string) => {
    const value = http.query[name];
    return typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : undefined;
  };
  if (done === "seatRecused") return { kind: "ok", text: req.t("consoleMotions.done.seatRecused") };
  if (done !== "motionEdited") return undefined;
  const [motion, version, stale, notified] = [count("motion"), count("version"), count("stale"), count("notified")];
  if (motion === undefined || version === undefined || stale === undefined || notified === undefined)
    return { kind: "ok", text: req.t("consoleMotions.done.motionEditedPlain") };
  return { kind: "ok", text: req.t("consoleMotions.done.motionEdited", { motion, version, stale, notified }) };
}

export function registerMotionToolRoutes(routes: ConsoleRoutes): void {
  routes.get("/ballots/:number/motions/:motion", async (req, http, res) => {
    if (await refuseUnless(req, res, "motion.edit")) return;
    const ballot = await ballotFor(req, http);
    const motion = motionFor(ballot, String(http.params.motion ?? ""));
    if (!editable(ballot, req.now)) throw new UserError("motions.closed", { number: ballot.number });
    await sendPage(
      res,
      req,
      await editPage(req, ballot, motion, { title: motion.title, text: motion.text, attachments: attachmentLines(motion.attachments) }),
    );
  });
  routes.post("/ballots/:number/motions/:motion/edit", async (req, http, res) => {
    if (await refuseUnless(req, res, "motion.edit")) return;
    const ballot = await ballotFor(req, http);
    const motion = motionFor(ballot, String(http.params.motion ?? ""));
    if (!editable(ballot, req.now)) throw new UserError("motions.closed", { number: ballot.number });
    // A form without the attachments field (not the console's own) leaves them as they are, rather than removing them.
    const sent = (http.body as Record<string, unknown> | undefined)?.attachments !== undefined;
    const attachmentText = sent ? posted(http, "attachments") : attachmentLines(motion.attachments);
    const values: EditForm = { title: posted(http, "title"), text: posted(http, "text"), attachments: attachmentText };
    const { attachments, problems } = checkEdit(req, motion, values);
    if (problems.length > 0) return sendPage(res, req, await editPage(req, ballot, motion, values, problems), 422);
    const changed = changedFields(motion, values, attachments);
    const counted = await countedVotes(req, motion);
    const question = [
      req.t("consoleMotions.edit.confirm", {
        motion: motionLabel(motion, req.t),
        fields: changed.map((name) => req.t(`consoleMotions.field.${name}`)).join(req.locale === "ja" ? "・" : " and "),
        version: motion.version + 1,
      }),
      counted > 0 ? req.t("consoleMotions.edit.confirmStale", { count: counted }) : req.t("consoleMotions.edit.confirmNoVotes"),
    ].join(" ");
    if (await askToConfirm(req, http, res, question, { yes: req.t("consoleMotions.edit.save"), carry: { ...values } })) return;
    const edited = await editMotion(
      req.db,
      { ballotId: ballot.id, motionNumber: motion.number, title: values.title, text: values.text, attachments, editedBy: req.actor },
      req.now,
    );
    const query = new URLSearchParams({
      done: "motionEdited",
      motion: String(edited.motion.number),
      version: String(edited.motion.version),
      stale: String(edited.staleVotes),
      notified: String(edited.notified),
    });
    res.redirect(303, `/console/ballots/${ballot.number}?${query.toString()}`);
  });
  routes.post("/ballots/:number/recuse", async (req, http, res) => {
    if (await refuseUnless(req, res, "motion.recuse")) return;
    const ballot = await ballotFor(req, http);
    if (ballotPhase(ballot, req.now) === "closed") throw new UserError("motions.closed", { number: ballot.number });
    const motion = motionFor(ballot, field(http, "motion"));
    const bodyId = field(http, "body");
    const seat = ballot.roll.find((s) => s.bodyId === bodyId);
    if (!seat) throw new UserError("consoleMotions.pickSeat", {});
    if (motion.recusedSeatIds.has(seat.seatId)) throw new UserError("motions.alreadyRecused", { number: motion.number });
    const reason = posted(http, "reason").trim();
    if (reason.length > MAX_REASON) throw new UserError("consoleMotions.reasonTooLong", { max: MAX_REASON });
    const forbidden = findForbiddenCharacter(reason);
    if (forbidden) throw new UserError("consoleMotions.controlCharacter", { field: req.t("consoleMotions.field.reason"), ...forbidden });
    const body = await req.db.body.findUniqueOrThrow({ where: { id: bodyId }, select: { name: true } });
    const voted = await req.db.motionVote.count({ where: { motionId: motion.id, seatId: seat.seatId, current: true } });
    const question = [
      req.t(reason ? "consoleMotions.recuseConfirmReason" : "consoleMotions.recuseConfirm", {
        body: body.name,
        motion: motionLabel(motion, req.t),
        reason,
      }),
      voted > 0 ? req.t("consoleMotions.recuseVoted") : "",
      ballot.rules.earlyClose && ballotPhase(ballot, req.now) === "open" ? req.t("consoleMotions.recuseEarlyClose") : "",
      req.t("consoleMotions.noLifting"),
    ]
      .filter(Boolean)
      .join(" ");
    const carry = { motion: String(motion.number), body: bodyId, reason };
    if (await askToConfirm(req, http, res, question, { yes: req.t("consoleMotions.recuse"), carry })) return;
    await recuseSeat(
      req.db,
      { ballotId: ballot.id, motionNumber: motion.number, bodyId, reason: reason || undefined, actor: req.actor },
      req.now,
    );
    res.redirect(303, `/console/ballots/${ballot.number}?done=seatRecused`);
  });
}

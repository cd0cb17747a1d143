// Home: for the secretariat, the whole council at a glance — what is open with its live progress, what goes out
// next, what did not arrive and who cannot be reached; for a member, only their own bodies' tasks (the same rule
// as chat). Each list is one or two queries whatever the council's size (no query per survey, ballot or body).
import { html } from "hono/html";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { recentFailedDeliveries } from "../../domain/delivery/failed-deliveries.ts";
import { votesCountedByStoredOptions } from "../../domain/motions/counted-vote.ts";
import { ballotsAwaitingPerson } from "../../domain/motions/find-ballot.ts";
import { REMINDER_JOB, reminderPayload } from "../../domain/reminders/register-deadline.ts";
import { readJsonColumn, StoredJsonError } from "../../lib/json-column.ts";
import { listSurveys, surveyState } from "../../domain/surveys/find-survey.ts";
import { pick } from "../../domain/surveys/survey-types.ts";
import type { Db } from "../../storage/database.ts";
import { progress, table, type Html } from "../layout.ts";
import type { ConsoleRequest } from "../console-request.ts";

const DAY = 86_400_000;

function countBy<T>(rows: T[], key: (row: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
}

/** One row per ballot and seat with a vote that counts (counted-vote.ts). */
function seatsWithACountedVote(
  ballots: Array<{ motions: Array<{ id: string; options: string }> }>,
  votes: Array<{ ballotId: string; seatId: string; motionId: string; choice: string }>,
): Array<{ ballotId: string }> {
  const counted = votesCountedByStoredOptions(
    ballots.flatMap((b) => b.motions),
    votes,
  );
  return [...new Map(counted.map((v) => [`${v.ballotId}:${v.seatId}`, { ballotId: v.ballotId }])).values()];
}

async function openWork(db: Db, councilId: string) {
  const [surveys, ballots, inquiries] = await Promise.all([
    db.survey.findMany({
      where: { councilId, closedAt: null },
      orderBy: { dueAt: "asc" },
      include: { _count: { select: { targets: true } } },
    }),
    db.ballot.findMany({
      where: { councilId, closedAt: null },
      orderBy: { deadline: "asc" },
      include: { _count: { select: { roll: true } }, motions: { select: { id: true, options: true } } },
    }),
    db.inquiry.findMany({
      where: { councilId, closedAt: null },
      orderBy: { dueAt: "asc" },
      include: { _count: { select: { targets: true } } },
    }),
  ]);
  const [answered, voted, responded] = await Promise.all([
    db.surveySubmission.groupBy({ by: ["surveyId"], where: { surveyId: { in: surveys.map((s) => s.id) }, current: true }, _count: true }),
    // A seat counts as voted once it has a counted vote on a motion (counted-vote.ts: not stale, for an option
    // the motion has); the ballot page has the per-motion detail.
    db.motionVote.groupBy({
      by: ["ballotId", "seatId", "motionId", "choice"],
      where: { ballotId: { in: ballots.map((b) => b.id) }, current: true, stale: false },
    }),
    db.inquiryResponse.groupBy({ by: ["inquiryId", "bodyId"], where: { inquiryId: { in: inquiries.map((i) => i.id) }, current: true } }),
  ]);
  return {
    surveys,
    ballots,
    inquiries,
    answered: new Map(answered.map((a) => [a.surveyId, a._count])),
    voted: countBy(seatsWithACountedVote(ballots, voted), (v) => v.ballotId),
    responded: countBy(responded, (r) => r.inquiryId),
  };
}

/** The deadline a reminder job is for; a job whose payload cannot be read is reported (once) and left off the list. */
function reminderDeadline(req: ConsoleRequest, job: { id: string; payload: string }): string | undefined {
  try {
    return readJsonColumn(reminderPayload, job.payload, `Job ${job.id}.payload`).deadlineId;
  } catch (error) {
    if (!(error instanceof StoredJsonError)) throw error;
    req.unreadable.report(error.where, error.message);
    return undefined;
  }
}

async function upcoming(req: ConsoleRequest, db: Db, councilId: string, now: Date) {
  const [deadlines, broadcasts] = await Promise.all([
    db.deadline.findMany({ where: { councilId, cancelledAt: null, dueAt: { gt: now } }, select: { id: true, title: true } }),
    db.broadcast.findMany({ where: { councilId, state: "scheduled" }, orderBy: { sendAt: "asc" }, take: 10 }),
  ]);
  const titles = new Map(deadlines.map((d) => [d.id, d.title]));
  const jobs = await db.job.findMany({ where: { kind: REMINDER_JOB, state: "pending" }, orderBy: { dueAt: "asc" }, take: 200 });
  const reminders = jobs
    .map((job) => ({ job, deadlineId: reminderDeadline(req, job) ?? "" }))
    .filter((r) => titles.has(r.deadlineId))
    .slice(0, 10)
    .map((r) => ({ at: r.job.dueAt, title: titles.get(r.deadlineId)! }));
  return { reminders, broadcasts };
}

async function unreachable(db: Db, councilId: string) {
  return db.chatIdentity.findMany({
    where: { unreachableReason: { not: null }, person: { councilId } },
    include: { person: true },
    orderBy: { unreachableSince: "desc" },
    take: 100,
  });
}

export async function secretariatHome(req: ConsoleRequest): Promise<Html> {
  const { db, t, locale, now, zone, councilId } = req;
  const when = (d: Date) => formatInstant(d, zone, locale);
  const [work, next, failed, cannotReach] = await Promise.all([
    openWork(db, councilId),
    upcoming(req, db, councilId, now),
    recentFailedDeliveries(db, councilId, new Date(now.getTime() - 14 * DAY), 20),
    unreachable(db, councilId),
  ]);
  return html`
    <section aria-labelledby="h-surveys">
      <h2 id="h-surveys">${t("web.home.surveys")}</h2>
      ${
        work.surveys.length === 0
          ? html`<p class="muted">${t("web.home.none")}</p>`
          : table(
              t("web.home.surveys"),
              [t("web.col.title"), t("web.col.state"), t("web.col.due"), t("web.col.progress")],
              work.surveys.map((s) => [
                html`<a href="/console/surveys/${s.number}"
                  >${t("web.surveyLabel", { number: s.number, title: pick(s.title, s.titleEn ?? undefined, locale) })}</a
                >`,
                t(`surveys.state.${surveyState(s, now)}`),
                when(s.dueAt),
                progress(t("web.col.answered"), work.answered.get(s.id) ?? 0, s._count.targets),
              ]),
            )
      }
    </section>
    <section aria-labelledby="h-ballots">
      <h2 id="h-ballots">${t("web.home.ballots")}</h2>
      ${
        work.ballots.length === 0
          ? html`<p class="muted">${t("web.home.none")}</p>`
          : table(
              t("web.home.ballots"),
              [t("web.col.title"), t("web.col.opens"), t("web.col.due"), t("web.col.progress")],
              work.ballots.map((b) => [
                html`<a href="/console/ballots/${b.number}">${t("web.ballotLabel", { number: b.number, title: b.title })}</a>`,
                when(b.opensAt),
                when(b.deadline),
                progress(t("web.col.seatsVoted"), work.voted.get(b.id) ?? 0, b._count.roll),
              ]),
            )
      }
    </section>
    <section aria-labelledby="h-inquiries">
      <h2 id="h-inquiries">${t("web.home.inquiries")}</h2>
      ${
        work.inquiries.length === 0
          ? html`<p class="muted">${t("web.home.none")}</p>`
          : table(
              t("web.home.inquiries"),
              [t("web.col.title"), t("web.col.due"), t("web.col.progress")],
              work.inquiries.map((i) => [
                html`<a href="/console/inquiries/${i.number}">${t("web.inquiryLabel", { number: i.number, title: i.title })}</a>`,
                when(i.dueAt),
                progress(t("web.col.answered"), work.responded.get(i.id) ?? 0, i._count.targets),
              ]),
            )
      }
    </section>
    <section aria-labelledby="h-next">
      <h2 id="h-next">${t("web.home.next")}</h2>
      ${
        next.reminders.length + next.broadcasts.length === 0
          ? html`<p class="muted">${t("web.home.none")}</p>`
          : table(
              t("web.home.next"),
              [t("web.col.at"), t("web.col.what")],
              [
                ...next.reminders.map((r): { at: Date; what: string | Html } => ({
                  at: r.at,
                  what: t("web.home.reminderOf", { title: r.title }),
                })),
                // A scheduled broadcast links to its page, where it can still be cancelled.
                ...next.broadcasts.map((b) => ({
                  at: b.sendAt,
                  what: html`<a href="/console/broadcasts/${b.id.slice(-6)}">${t("web.home.broadcast", { text: b.text.slice(0, 60) })}</a>`,
                })),
              ]
                .sort((a, b) => a.at.getTime() - b.at.getTime())
                .map((row) => [when(row.at), row.what]),
            )
      }
    </section>
    <section aria-labelledby="h-failed">
      <h2 id="h-failed">${t("web.home.failed")}</h2>
      ${
        failed.length === 0
          ? html`<p class="muted">${t("web.home.none")}</p>`
          : table(
              t("web.home.failed"),
              [t("web.col.at"), t("web.col.person"), t("web.col.body"), t("web.col.what"), t("web.col.platform"), t("web.col.reason")],
              failed.map((f) => [when(f.at), f.person, f.body, f.kind, f.platform, f.reason]),
            )
      }
    </section>
    <section aria-labelledby="h-unreachable">
      <h2 id="h-unreachable">${t("web.home.unreachable")}</h2>
      ${
        cannotReach.length === 0
          ? html`<p class="muted">${t("web.home.none")}</p>`
          : table(
              t("web.home.unreachable"),
              [t("web.col.person"), t("web.col.platform"), t("web.col.reason"), t("web.col.since")],
              cannotReach.map((c) => [
                `${c.person.displayName} (${c.person.handle})`,
                c.platform,
                c.unreachableReason ?? "",
                c.unreachableSince ? when(c.unreachableSince) : "—",
              ]),
            )
      }
    </section>
  `;
}

/** A member's home: the surveys and ballots waiting on their own bodies and seats, nothing of other bodies. */
export async function memberHome(req: ConsoleRequest): Promise<Html> {
  const { db, t, locale, now, zone, councilId, person } = req;
  const when = (d: Date) => formatInstant(d, zone, locale);
  const [surveys, memberships, ballots] = await Promise.all([
    listSurveys(db, councilId, { personId: person.personId, now }),
    db.staffMembership.findMany({ where: { personId: person.personId, endedAt: null }, include: { body: true } }),
    ballotsAwaitingPerson(db, councilId, person.personId, now),
  ]);
  const bodyIds = memberships.map((m) => m.bodyId);
  const answered = await db.surveySubmission.findMany({
    where: { surveyId: { in: surveys.map((s) => s.id) }, bodyId: { in: bodyIds }, current: true },
    select: { surveyId: true, bodyId: true, receiptCode: true, submittedAt: true },
  });
  const answerOf = new Map(answered.map((a) => [`${a.surveyId}:${a.bodyId}`, a]));
  const rows = surveys.flatMap((s) =>
    memberships
      .filter((m) => s.targets.some((target) => target.bodyId === m.bodyId))
      .map((m) => {
        const answer = answerOf.get(`${s.id}:${m.bodyId}`);
        return [
          t("web.surveyLabel", { number: s.number, title: pick(s.title, s.titleEn ?? undefined, locale) }),
          m.body.name,
          when(s.dueAt),
          answer ? t("web.member.answered", { at: when(answer.submittedAt), code: answer.receiptCode }) : t("web.member.notAnswered"),
        ];
      }),
  );
  return html`
    <p>${t("web.member.intro")}</p>
    <section aria-labelledby="h-my-surveys">
      <h2 id="h-my-surveys">${t("web.home.surveys")}</h2>
      ${
        rows.length === 0
          ? html`<p class="muted">${t("web.home.none")}</p>`
          : table(t("web.home.surveys"), [t("web.col.title"), t("web.col.body"), t("web.col.due"), t("web.col.state")], rows)
      }
    </section>
    <section aria-labelledby="h-my-ballots">
      <h2 id="h-my-ballots">${t("web.home.ballots")}</h2>
      ${
        ballots.length === 0
          ? html`<p class="muted">${t("web.home.none")}</p>`
          : table(
              t("web.home.ballots"),
              [t("web.col.title"), t("web.col.body"), t("web.col.due")],
              ballots.flatMap(({ ballot, seats }) =>
                seats.map((s) => [t("web.ballotLabel", { number: ballot.number, title: ballot.title }), s.bodyName, when(ballot.deadline)]),
              ),
            )
      }
    </section>
  `;
}

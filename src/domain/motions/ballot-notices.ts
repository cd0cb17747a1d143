// Messages Kyodo pushes about a ballot — the call to vote at opening, the request to vote again after a
// motion was edited, the result notice at close — and who receives them: the seat holders (or, for a
// seat without a named representative, its body's contacts, as reminders do) and the organ's linked
// group conversations. Queued in the caller's transaction, so a notice is never lost nor sent twice.
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import { translator, type Locale } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { formatInstant } from "../calendar/zoned-time.ts";
import { queueGroupMessage, queueMessages } from "../delivery/queue-messages.ts";
import { seatContacts } from "../reminders/contacts.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import { describeRules, motionLabel, outcomeLabel } from "./ballot-text.ts";
import { ballotLabel, type LoadedBallot, type LoadedMotion } from "./find-ballot.ts";
import type { TallyResult } from "./tally.ts";

export type RenderNotice = (locale: Locale) => OutboundMessage;

export interface NoticeRequest {
  source: string;
  ballot: LoadedBallot;
  render: RenderNotice;
  now: Date;
  /** the seats whose holders receive it (default: the whole roll) */
  seatIds?: string[];
  /** people who receive it besides the seat holders (e.g. the voters asked to vote again) */
  personIds?: string[];
  /** also post it in the organ's linked group conversations */
  toGroups: boolean;
}

export async function queueBallotNotice(db: DbOrTx, request: NoticeRequest) {
  const { ballot, now } = request;
  const contacts = await seatContacts(db, request.seatIds ?? ballot.roll.map((r) => r.seatId), now);
  const bodyOf = new Map<string, string>();
  for (const party of contacts.values()) for (const id of party.usualContactIds) if (!bodyOf.has(id)) bodyOf.set(id, party.bodyId);
  const personIds = [...new Set([...bodyOf.keys(), ...(request.personIds ?? [])])];
  const council = await db.council.findUniqueOrThrow({ where: { id: ballot.councilId } });
  const notBefore = nextOfficeMoment(council, now);
  const people = await queueMessages(db, {
    source: request.source,
    personIds,
    bodyOf,
    render: (locale) => request.render(locale),
    notBefore,
  });
  let groups = 0;
  if (request.toGroups) {
    // A group has no single language; the council's working language is Japanese.
    const message = request.render("ja");
    for (const conversation of await db.organConversation.findMany({ where: { organId: ballot.organId } })) {
      if (
        await queueGroupMessage(db, {
          source: request.source,
          platform: conversation.platform,
          target: conversation.target,
          message,
          notBefore,
        })
      )
        groups += 1;
    }
  }
  return { ...people, groups };
}

function voteButton(ballot: LoadedBallot, label: string): Block {
  return { type: "choices", actionId: COMMAND_ACTION, choices: [{ label, value: `vote ${ballot.number}`, style: "primary" }] };
}

export function openingNotice(ballot: LoadedBallot, zone: string): RenderNotice {
  return (locale) => {
    const t = translator(locale);
    const text = t("motions.notice.opening", {
      label: ballotLabel(ballot),
      organ: ballot.organName,
      deadline: formatInstant(ballot.deadline, zone, locale),
    });
    return {
      text,
      blocks: [
        { type: "header", text: t("motions.notice.openingHeader") },
        { type: "text", text },
        { type: "text", text: ballot.motions.map((m) => `・${motionLabel(m, t)}`).join("\n") },
        { type: "context", text: describeRules(ballot.rules, t).join(" / ") },
        { type: "context", text: t("motions.notice.typeHint", { number: ballot.number }) },
        voteButton(ballot, t("motions.notice.voteNow")),
      ],
    };
  };
}

export function revoteNotice(ballot: LoadedBallot, motion: LoadedMotion, zone: string): RenderNotice {
  return (locale) => {
    const t = translator(locale);
    const text = t("motions.notice.revote", {
      label: ballotLabel(ballot),
      motion: motionLabel(motion, t),
      version: motion.version,
      deadline: formatInstant(ballot.deadline, zone, locale),
    });
    return {
      text,
      blocks: [
        { type: "header", text: t("motions.notice.revoteHeader") },
        { type: "text", text },
        voteButton(ballot, t("motions.notice.voteAgain")),
      ],
    };
  };
}

export interface MotionResult {
  motion: LoadedMotion;
  tally: TallyResult;
}

/** The result table: one row per motion with its counts and outcome. */
export function resultBlocks(ballot: LoadedBallot, results: MotionResult[], locale: Locale): Block[] {
  const t = translator(locale);
  const rows = results.map(({ motion, tally }) => [
    motionLabel(motion, t),
    tally.deemed > 0 ? t("motions.result.forWithDeemed", { votes: tally.for, deemed: tally.deemed }) : String(tally.for),
    String(tally.against),
    String(tally.abstain),
    `${tally.voted}/${tally.eligible}`,
    outcomeLabel(tally.outcome, t) + (tally.decidedByChair ? t("motions.result.byChair") : ""),
  ]);
  return [
    {
      type: "table",
      columns: [
        t("motions.columns.motion"),
        t("motions.columns.for"),
        t("motions.columns.against"),
        t("motions.columns.abstain"),
        t("motions.columns.voted"),
        t("motions.columns.outcome"),
      ],
      rows,
    },
    { type: "context", text: describeRules(ballot.rules, t).join(" / ") },
  ];
}

export function resultNotice(ballot: LoadedBallot, results: MotionResult[], closedAt: Date, zone: string): RenderNotice {
  return (locale) => {
    const t = translator(locale);
    const text = t(`motions.notice.result.${ballot.closedReason ?? "deadline"}`, {
      label: ballotLabel(ballot),
      organ: ballot.organName,
      closedAt: formatInstant(closedAt, zone, locale),
    });
    const summary = results.map(({ motion, tally }) => `${motionLabel(motion, t)}: ${outcomeLabel(tally.outcome, t)}`).join("\n");
    return {
      text: `${text}\n${summary}`,
      blocks: [
        { type: "header", text: t("motions.notice.resultHeader", { label: ballotLabel(ballot) }) },
        { type: "text", text },
        ...resultBlocks(ballot, results, locale),
      ],
    };
  };
}

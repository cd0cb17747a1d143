// The message that tells the secretariat a candidate was shortlisted: which one, the rule, the numbers
// behind the decision, and the next steps (the ranking survey, a working group) as buttons. Queued to
// every person with the secretariat role, in their language, within office hours.
import { secretariatMemberIds } from "../people/secretariat-members.ts";
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import { translator, type Locale } from "../../engine/i18n.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import { candidateLabel, type CandidateRow } from "./find-candidate.ts";
import type { ShortlistBasis } from "./screen-candidate.ts";
import type { ScreeningResult } from "./screening.ts";
import { ruleText, screeningText } from "./screening-text.ts";

export function shortlistMessage(candidate: Pick<CandidateRow, "number" | "name">, basis: ShortlistBasis, locale: Locale): OutboundMessage {
  const t = translator(locale);
  const header = t("candidates.notice.header", { label: candidateLabel(candidate, locale) });
  const body = [
    t("candidates.notice.rule", { rule: ruleText(t, basis.result.rule) }),
    screeningText(t, basis.result),
    t("candidates.notice.next", { number: candidate.number }),
  ].join("\n");
  return {
    text: `${header}\n${body}`,
    blocks: [
      { type: "header", text: header },
      { type: "text", text: body },
      {
        type: "choices",
        actionId: COMMAND_ACTION,
        choices: [
          { label: t("candidates.buttons.show", { number: candidate.number }), value: `candidates ${candidate.number}`, style: "primary" },
          { label: t("candidates.buttons.formWg"), value: `candidates ${candidate.number} wg` },
        ],
      },
    ],
  };
}

export async function queueShortlistNotice(db: DbOrTx, candidate: CandidateRow, basis: ShortlistBasis, now: Date) {
  const council = await db.council.findUniqueOrThrow({ where: { id: candidate.councilId } });
  const secretariat = await secretariatMemberIds(db, candidate.councilId);
  return queueMessages(db, {
    // One notice per shortlisting: withdrawn and shortlisted again is a new decision, so the time is in the key.
    source: `candidate:${candidate.id}:shortlisted:${candidate.shortlistedAt?.getTime() ?? now.getTime()}`,
    personIds: secretariat,
    render: (locale) => shortlistMessage(candidate, basis, locale),
    notBefore: nextOfficeMoment(council, now),
  });
}

/** Tells the secretariat that a shortlisted candidate's support fell below the rule, with the numbers. */
export async function queueBelowRuleNotice(db: DbOrTx, candidate: CandidateRow, result: ScreeningResult, dropped: boolean, now: Date) {
  const council = await db.council.findUniqueOrThrow({ where: { id: candidate.councilId } });
  const secretariat = await secretariatMemberIds(db, candidate.councilId);
  // Numbered by the falls recorded so far, so each fall is told once, even two in the same millisecond.
  const falls = await db.auditEntry.count({ where: { action: "candidates.shortlist.belowRule", subject: `candidate:${candidate.id}` } });
  return queueMessages(db, {
    source: `candidate:${candidate.id}:below-rule:${falls}`,
    personIds: secretariat,
    render: (locale) => {
      const t = translator(locale);
      const header = t("candidates.notice.belowHeader", { label: candidateLabel(candidate, locale) });
      const body = [
        screeningText(t, result),
        t(dropped ? "candidates.notice.belowDropped" : "candidates.notice.belowKept", { number: candidate.number }),
      ].join("\n");
      return {
        text: `${header}\n${body}`,
        blocks: [
          { type: "header", text: header },
          { type: "text", text: body },
        ],
      };
    },
    notBefore: nextOfficeMoment(council, now),
  });
}

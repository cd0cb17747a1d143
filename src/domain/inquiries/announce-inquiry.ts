// When an inquiry (照会) opens, every current staff member of each addressed body is told, in their
// language, with a button to open it — before this, bodies first heard of an inquiry from a reminder days
// later. Queued in the same transaction as the inquiry, so an inquiry never exists unannounced; the
// outbox's unique key per source and recipient keeps it from going out twice.
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import { translator } from "../../engine/i18n.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { formatInstant } from "../calendar/zoned-time.ts";
import { audienceReach, type AudienceReach } from "../delivery/audience-reach.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import { bodyContacts } from "../reminders/contacts.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";

type InquiryRow = { id: string; councilId: string; number: number; title: string; body: string; dueAt: Date };

export async function announceInquiry(db: DbOrTx, inquiry: InquiryRow, bodyIds: string[], now: Date): Promise<AudienceReach> {
  const council = await db.council.findUniqueOrThrow({ where: { id: inquiry.councilId } });
  const contacts = await bodyContacts(db, bodyIds);
  const bodyOf = new Map<string, string>();
  for (const party of contacts.values()) for (const id of party.allStaffIds) if (!bodyOf.has(id)) bodyOf.set(id, party.bodyId);
  const render = (locale: "ja" | "en", personId: string): OutboundMessage => {
    const t = translator(locale);
    const text = t("notices.inquiry.text", {
      body: contacts.get(bodyOf.get(personId) ?? "")?.bodyName ?? "",
      number: inquiry.number,
      title: inquiry.title,
      due: formatInstant(inquiry.dueAt, council.timezone, locale),
    });
    return {
      text,
      blocks: [
        { type: "header", text: t("notices.inquiry.header", { number: inquiry.number }) },
        { type: "text", text: inquiry.body ? `${text}\n\n${inquiry.body}` : text },
        {
          type: "choices",
          actionId: COMMAND_ACTION,
          choices: [{ label: t("notices.inquiry.open"), value: `inquiry ${inquiry.number}`, style: "primary" }],
        },
      ],
    };
  };
  const notBefore = nextOfficeMoment(council, now);
  const queued = await queueMessages(db, {
    source: `inquiry:${inquiry.id}:open`,
    personIds: [...bodyOf.keys()],
    bodyOf,
    render,
    notBefore,
  });
  return audienceReach(db, { bodyIds, bodyOf, unreachableIds: queued.unreachable, now, notBefore });
}

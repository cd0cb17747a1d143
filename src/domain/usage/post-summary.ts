// Posts a usage summary (on a schedule or on demand): into the linked group conversations of the system's
// organ (部会), or — when it has none — to the secretariat's direct conversations. It goes through the
// outbox within office hours; the source key is per system and period, so a job that runs twice (or a
// person who asks twice) posts it once.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { queueGroupMessage, queueMessages } from "../delivery/queue-messages.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import type { Period } from "./period.ts";
import { summaryMessage } from "./summary-message.ts";
import { loadUsageSummary } from "./usage-summary.ts";

export interface PostResult {
  posted: boolean;
  reason?: "no_figures" | "no_recipients";
  groups: number;
  people: number;
}

export async function postUsageSummary(
  db: Db,
  input: { councilId: string; systemId: string; period: Period; actor: string },
  now: Date,
): Promise<PostResult> {
  const council = await db.council.findUniqueOrThrow({ where: { id: input.councilId } });
  const system = await db.sharedSystem.findUniqueOrThrow({ where: { id: input.systemId } });
  const summary = await loadUsageSummary(db, input.councilId, system.slug, input.period);
  if (summary.totals.length === 0 && summary.uptime.length === 0) return { posted: false, reason: "no_figures", groups: 0, people: 0 };
  const notBefore = nextOfficeMoment(council, now);
  const source = `usage-summary:${system.id}:${input.period.fiscalYear}-${input.period.month}`;

  const groups = system.organId ? await db.organConversation.findMany({ where: { organId: system.organId } }) : [];
  let groupCount = 0;
  let peopleCount = 0;
  for (const group of groups) {
    // Group conversations have no single reader; they get Japanese, the council's working language.
    if (
      await queueGroupMessage(db, {
        source,
        platform: group.platform,
        target: group.target,
        message: summaryMessage(summary, "ja"),
        notBefore,
      })
    )
      groupCount += 1;
  }
  if (groups.length === 0) {
    const secretariat = await db.person.findMany({
      where: { councilId: input.councilId, roles: { some: { role: { in: ["secretariat"] } } } },
      select: { id: true },
    });
    const queued = await queueMessages(db, {
      source,
      personIds: secretariat.map((p) => p.id),
      render: (locale) => summaryMessage(summary, locale),
      notBefore,
    });
    peopleCount = queued.queued;
    if (secretariat.length === 0) return { posted: false, reason: "no_recipients", groups: 0, people: 0 };
  }
  await db.$transaction(async (tx) => {
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "usage.summary.post",
      subject: `system:${system.id}`,
      payload: { period: input.period, groups: groupCount, people: peopleCount },
      at: now,
    });
  });
  return { posted: true, groups: groupCount, people: peopleCount };
}

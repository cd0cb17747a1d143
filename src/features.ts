// The features that take part in deadlines and scheduled work: each registers its response tracker and
// its job handlers here (inquiries now; surveys and motions add theirs).
import { auditJobs } from "./jobs/handlers/audit-checkpoint-jobs.ts";
import { inquiryTracker } from "./domain/inquiries/inquiry-tracker.ts";
import { ballotJobs } from "./domain/motions/ballot-jobs.ts";
import { ballotTracker } from "./domain/motions/ballot-tracker.ts";
import { REMINDER_SOURCE_PREFIX, reminderStillWanted } from "./domain/reminders/reminder-still-wanted.ts";
import { TrackerRegistry } from "./domain/reminders/response-tracker.ts";
import { surveyJobs } from "./domain/surveys/announce-survey.ts";
import { surveyTracker } from "./domain/surveys/survey-tracker.ts";
import { broadcastJobs } from "./jobs/handlers/broadcast-jobs.ts";
import { deadlineJobs } from "./jobs/handlers/deadline-jobs.ts";
import type { JobDefinition } from "./jobs/job-definition.ts";
import { usageJobs } from "./jobs/handlers/usage-jobs.ts";
import type { Outbox } from "./delivery/outbox.ts";
import type { Db } from "./storage/database.ts";
import { inboxJobs } from "./jobs/handlers/inbox-jobs.ts";
import { renderVariantsFor } from "./domain/delivery/queue-messages.ts";
import { EMAIL_PLATFORM } from "./domain/email/addresses.ts";
import { emailVariants } from "./domain/email/notice-mail.ts";
import { mailSeatVote } from "./domain/email/seat-vote-mail.ts";
import { voteCast } from "./domain/motions/cast-votes.ts";

export function buildTrackers(): TrackerRegistry {
  return new TrackerRegistry().register(inquiryTracker).register(ballotTracker).register(surveyTracker);
}

export function buildJobDefinitions(trackers: TrackerRegistry): JobDefinition<unknown>[] {
  return [
    ...deadlineJobs(trackers),
    ...broadcastJobs(trackers),
    ...ballotJobs(),
    ...surveyJobs(),
    ...usageJobs(),
    ...auditJobs(),
    ...inboxJobs(),
  ];
}

/** What the outbox re-checks just before sending: reminders go only to bodies that still have not answered. */
export function registerDeliveryGuards(outbox: Outbox, db: Db, trackers: TrackerRegistry): void {
  outbox.guard(REMINDER_SOURCE_PREFIX, reminderStillWanted(db, trackers));
}

/**
 * Where one area reacts to another's events or shapes its messages, wired here so that neither imports the
 * other: email receipts when a vote is cast, email's per-person messages in the outbox's queue. Called once per
 * process, before any work (openMigratedDatabase); calling it again changes nothing.
 */
export function registerDomainSubscribers(): void {
  voteCast.subscribe(mailSeatVote);
  renderVariantsFor(EMAIL_PLATFORM, emailVariants);
}

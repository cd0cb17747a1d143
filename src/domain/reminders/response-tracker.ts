// Anything with a deadline that bodies or seats must answer (an inquiry, a survey, a ballot) plugs into
// reminders and automatic closing through this interface. Each feature registers its tracker once.
import type { Db } from "../../storage/database.ts";

/** A body (or a seat's body) that has not answered yet, with who to chase. */
export interface PendingParty {
  bodyId: string;
  bodyName: string;
  /** the usual contacts: the body's primary contacts, or the seat's representative and active alternates */
  usualContactIds: string[];
  /** every current staff member of the body, for escalation after the second reminder */
  allStaffIds: string[];
}

export interface SubjectSummary {
  councilId: string;
  title: string;
  dueAt: Date;
  open: boolean;
}

export interface ResponseTracker {
  subjectType: string;
  /** undefined when the subject no longer exists */
  describe(db: Db, subjectId: string): Promise<SubjectSummary | undefined>;
  pending(db: Db, subjectId: string, now: Date): Promise<PendingParty[]>;
  /** the command line that answers it, offered as a button in reminders (e.g. "inquiry 3") */
  answerCommand(db: Db, subjectId: string): Promise<string>;
  /** closes the subject at its deadline; must be safe to call twice */
  close?(db: Db, subjectId: string, now: Date): Promise<void>;
}

export class TrackerRegistry {
  private readonly trackers = new Map<string, ResponseTracker>();

  register(tracker: ResponseTracker): this {
    this.trackers.set(tracker.subjectType, tracker);
    return this;
  }

  get(subjectType: string): ResponseTracker | undefined {
    return this.trackers.get(subjectType);
  }

  types(): string[] {
    return [...this.trackers.keys()];
  }
}

// Replays the audit log into the state it says the council is in: every vote with its choice and which one is
// current per seat and motion, every survey submission with its answers and which one is current per body, every
// cost share's amounts and every settlement's balance. verify-audit-log.ts compares this with the tables, so a
// row changed directly in the database (not through Kyodo) is found even though the chain itself is intact.

export interface ReplayedVote {
  motionId: string;
  seatId: string;
  choice: string;
}

export interface ReplayedSubmission {
  surveyId: string;
  bodyId: string;
  /** the answers as JSON text, exactly as Kyodo stored them */
  answers: string;
}

export interface ReplayedState {
  votes: Map<string, ReplayedVote>;
  /** "<motionId>:<seatId>" → the current vote's id */
  currentVotes: Map<string, string>;
  submissions: Map<string, ReplayedSubmission>;
  /** "<surveyId>:<bodyId>" → the current submission's id */
  currentSubmissions: Map<string, string>;
  /** cost share id → body id → amount in yen */
  shares: Map<string, Map<string, string>>;
  /** settlement id → balance in yen */
  settlements: Map<string, string>;
}

interface Entry {
  seq: number;
  action: string;
  subject: string;
  payload: string;
}

function idFrom(subject: string, kind: string): string | undefined {
  return subject.startsWith(`${kind}:`) ? subject.slice(kind.length + 1) : undefined;
}

export class AuditStateReplayer {
  readonly state: ReplayedState = {
    votes: new Map(),
    currentVotes: new Map(),
    submissions: new Map(),
    currentSubmissions: new Map(),
    shares: new Map(),
    settlements: new Map(),
  };

  push(entry: Entry): void {
    const replay = REPLAYS[entry.action];
    if (!replay) return;
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(entry.payload) as Record<string, unknown>;
    } catch {
      return; // the chain check already vouches for the text; a payload that is not JSON replays nothing
    }
    replay(this.state, entry, payload);
  }
}

type Replay = (state: ReplayedState, entry: Entry, payload: Record<string, unknown>) => void;

const REPLAYS: Record<string, Replay> = {
  "motions.vote": (state, _entry, payload) => {
    const seatId = String(payload.seatId);
    for (const vote of (payload.votes as Array<{ voteId: string; motionId: string; choice: string }>) ?? []) {
      state.votes.set(vote.voteId, { motionId: vote.motionId, seatId, choice: vote.choice });
      state.currentVotes.set(`${vote.motionId}:${seatId}`, vote.voteId);
    }
  },
  "surveys.submit": (state, entry, payload) => {
    const surveyId = idFrom(entry.subject, "survey");
    if (!surveyId) return;
    const submissionId = String(payload.submissionId);
    const bodyId = String(payload.bodyId);
    state.submissions.set(submissionId, { surveyId, bodyId, answers: JSON.stringify(payload.answers ?? {}) });
    state.currentSubmissions.set(`${surveyId}:${bodyId}`, submissionId);
  },
  "money.shares.create": (state, entry, payload) => {
    const shareId = idFrom(entry.subject, "costShare");
    if (shareId) state.shares.set(shareId, new Map(Object.entries((payload.amounts as Record<string, string>) ?? {})));
  },
  "money.settlement.create": (state, entry, payload) => {
    const settlementId = idFrom(entry.subject, "settlement");
    if (settlementId) state.settlements.set(settlementId, String(payload.balance));
  },
};

// Proves the stored audit log intact, or names the first entry that was edited, removed or reordered; then checks
// it against its checkpoints (a deleted tail) and against the tables it describes (a row changed directly).
import type { Db } from "../../storage/database.ts";
import { checkpointSignature, type AuditCheckpoint } from "./audit-checkpoint.ts";
import { auditKeyPolicy, hasAuditKeys } from "./audit-keys.ts";
import { ChainVerifier, type ChainCheck, type ChainedEntry } from "./hash-chain.ts";
import { AuditStateReplayer, type ReplayedState } from "./replay-audit-state.ts";

const PAGE = 1000;

export interface CheckpointProblem {
  seq: number;
  at: Date;
  problem: "truncated" | "differs" | "forged" | "unknownKey";
}

export interface StateDifference {
  kind: "vote" | "submission" | "shareLine" | "settlement" | "entry";
  id: string;
  problem: "notInLog" | "missingFromTable" | "changed" | "currentDiffers" | "unreadable";
  /** what the log says and what the table holds, where there is a value to compare */
  log?: string;
  table?: string;
}

export interface AuditVerification {
  chain: ChainCheck;
  keyed: boolean;
  checkpoints: { checked: number; problems: CheckpointProblem[] };
  state: { differences: StateDifference[] };
}

async function* readAll(db: Db): AsyncGenerator<ChainedEntry> {
  let after = 0;
  for (;;) {
    const page = await db.auditEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.seq;
  }
}

/** Verifies the chain, the stored checkpoints plus those given (`--against`), and the tables against the log. */
export async function verifyAuditLog(db: Db, against: AuditCheckpoint[] = []): Promise<AuditVerification> {
  const checkpoints = [...(await db.auditCheckpoint.findMany({ orderBy: { seq: "asc" } })), ...against];
  const wanted = new Map<number, string>();
  const problems: CheckpointProblem[] = [];
  for (const cp of checkpoints) {
    const signature = checkpointSignature(cp);
    if (signature === "forged" || signature === "unknownKey") problems.push({ seq: cp.seq, at: cp.at, problem: signature });
    else wanted.set(cp.seq, "");
  }

  const verifier = new ChainVerifier(auditKeyPolicy());
  const replayer = new AuditStateReplayer();
  for await (const entry of readAll(db)) {
    if (!verifier.push(entry)) break;
    if (wanted.has(entry.seq)) wanted.set(entry.seq, entry.hash);
    replayer.push(entry);
  }
  const chain = verifier.result();
  for (const cp of checkpoints) {
    if (problems.some((p) => p.seq === cp.seq && p.at === cp.at)) continue;
    const seen = wanted.get(cp.seq);
    if (!seen) problems.push({ seq: cp.seq, at: cp.at, problem: "truncated" });
    else if (seen !== cp.hash) problems.push({ seq: cp.seq, at: cp.at, problem: "differs" });
  }
  // Comparing tables with a broken chain would only repeat the break; it is named first.
  const unreadable: StateDifference[] = replayer.unreadable.map((seq) => ({ kind: "entry", id: String(seq), problem: "unreadable" }));
  const differences = chain.ok ? [...unreadable, ...(await compareWithTables(db, replayer.state))] : [];
  return { chain, keyed: hasAuditKeys(), checkpoints: { checked: checkpoints.length, problems }, state: { differences } };
}

const MAX_DIFFERENCES = 20;

async function compareWithTables(db: Db, state: ReplayedState): Promise<StateDifference[]> {
  const out: StateDifference[] = [];
  const add = (d: StateDifference) => out.length < MAX_DIFFERENCES && out.push(d);

  const seenVotes = new Set<string>();
  for await (const row of paged((cursor) =>
    db.motionVote.findMany({
      select: { id: true, motionId: true, seatId: true, choice: true, current: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...cursor,
    }),
  )) {
    seenVotes.add(row.id);
    const logged = state.votes.get(row.id);
    if (!logged) add({ kind: "vote", id: row.id, problem: "notInLog", table: row.choice });
    else if (logged.choice !== row.choice || logged.motionId !== row.motionId || logged.seatId !== row.seatId)
      add({ kind: "vote", id: row.id, problem: "changed", log: logged.choice, table: row.choice });
    else if ((state.currentVotes.get(`${row.motionId}:${row.seatId}`) === row.id) !== row.current)
      add({ kind: "vote", id: row.id, problem: "currentDiffers", log: String(!row.current), table: String(row.current) });
  }
  for (const [id, vote] of state.votes) if (!seenVotes.has(id)) add({ kind: "vote", id, problem: "missingFromTable", log: vote.choice });

  const seenSubmissions = new Set<string>();
  for await (const row of paged((cursor) =>
    db.surveySubmission.findMany({
      select: { id: true, surveyId: true, bodyId: true, answers: true, current: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...cursor,
    }),
  )) {
    seenSubmissions.add(row.id);
    const logged = state.submissions.get(row.id);
    if (!logged) add({ kind: "submission", id: row.id, problem: "notInLog" });
    else if (logged.answers !== row.answers || logged.bodyId !== row.bodyId || logged.surveyId !== row.surveyId)
      add({ kind: "submission", id: row.id, problem: "changed", log: logged.answers, table: row.answers });
    else if ((state.currentSubmissions.get(`${row.surveyId}:${row.bodyId}`) === row.id) !== row.current)
      add({ kind: "submission", id: row.id, problem: "currentDiffers", log: String(!row.current), table: String(row.current) });
  }
  for (const id of state.submissions.keys()) if (!seenSubmissions.has(id)) add({ kind: "submission", id, problem: "missingFromTable" });

  for await (const row of paged((cursor) =>
    db.costShareLine.findMany({
      select: { id: true, shareId: true, bodyId: true, amount: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...cursor,
    }),
  )) {
    const logged = state.shares.get(row.shareId)?.get(row.bodyId);
    if (logged === undefined) add({ kind: "shareLine", id: `${row.shareId}/${row.bodyId}`, problem: "notInLog", table: row.amount });
    else if (logged !== row.amount)
      add({ kind: "shareLine", id: `${row.shareId}/${row.bodyId}`, problem: "changed", log: logged, table: row.amount });
  }
  for (const row of await db.settlement.findMany({ select: { id: true, balance: true } })) {
    const logged = state.settlements.get(row.id);
    if (logged === undefined) add({ kind: "settlement", id: row.id, problem: "notInLog", table: row.balance });
    else if (logged !== row.balance) add({ kind: "settlement", id: row.id, problem: "changed", log: logged, table: row.balance });
  }
  return out;
}

/** Walks a table in id order, a page at a time, so a large council's tables are never held whole. */
async function* paged<T extends { id: string }>(
  page: (cursor: { cursor?: { id: string }; skip?: number }) => Promise<T[]>,
): AsyncGenerator<T> {
  let last: string | undefined;
  for (;;) {
    const rows = await page(last ? { cursor: { id: last }, skip: 1 } : {});
    yield* rows;
    if (rows.length < PAGE) return;
    last = rows[rows.length - 1]!.id;
  }
}

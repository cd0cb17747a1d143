// Turns an audit verification into the lines a secretariat reads: what holds, then every problem found, each a
// locale key with its values (the CLI prints them in Japanese and English; the web console can show the same).
import { localMinute } from "../../lib/local-time.ts";
import type { AuditVerification } from "./verify-audit-log.ts";

export interface Line {
  key: string;
  vars: Record<string, string | number>;
}

export function auditVerificationLines(result: AuditVerification, timezone: string): { ok: Line[]; problems: Line[] } {
  const ok: Line[] = [];
  const problems: Line[] = [];
  const when = (at: Date) => localMinute(at, timezone);
  const { chain } = result;
  if (chain.ok) {
    ok.push({ key: "cli.auditOk", vars: { count: chain.count, hash: chain.lastHash.slice(0, 16) } });
    if (!result.keyed) problems.push({ key: "cli.auditUnkeyed", vars: {} });
    else if (chain.unkeyed > 0) ok.push({ key: "cli.auditUnkeyedPrefix", vars: { count: chain.unkeyed } });
  } else {
    problems.push({ key: `cli.auditBroken.${chain.reason}`, vars: { seq: chain.brokenAt, count: chain.count } });
  }
  if (result.checkpoints.problems.length === 0 && result.checkpoints.checked > 0)
    ok.push({ key: "cli.auditCheckpointsOk", vars: { count: result.checkpoints.checked } });
  for (const problem of result.checkpoints.problems) {
    problems.push({ key: `cli.auditCheckpoint.${problem.problem}`, vars: { seq: problem.seq, at: when(problem.at), count: chain.count } });
  }
  if (chain.ok && result.state.differences.length === 0) ok.push({ key: "cli.auditStateOk", vars: {} });
  for (const d of result.state.differences) {
    problems.push({ key: `cli.auditState.${d.problem}`, vars: { kind: d.kind, id: d.id, log: d.log ?? "-", table: d.table ?? "-" } });
  }
  return { ok, problems };
}

// The secretariat enters one figure by hand (chat or CLI) — for systems whose vendor reports by e-mail.
// Entering the same figure again replaces it; both are in the audit log.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { findBody } from "../bodies/find-body.ts";
import { DomainError } from "../errors.ts";
import { parseAmount } from "../../lib/yen.ts";
import { findSystem } from "./find-system.ts";
import { COUNT_METRICS, METRICS, parseChannel, parseMetric } from "./metrics.ts";
import { parsePeriod } from "./period.ts";

export interface RecordUsageInput {
  system: string;
  period: string;
  /** body name or code, or "*" for the system as a whole */
  body: string;
  /** metric, optionally with a channel: reservations:internet */
  metric: string;
  value: string;
}

export async function recordUsage(db: Db, councilId: string, input: RecordUsageInput, actor: string) {
  const system = await findSystem(db, councilId, input.system);
  const period = parsePeriod(input.period);
  if (!period) throw new DomainError("usage.record.badPeriod", { period: input.period });
  const [metricText, channelText] = input.metric.split(/[:：]/);
  const metric = parseMetric(metricText ?? "");
  if (!metric) throw new DomainError("usage.record.badMetric", { metric: input.metric, known: METRICS.join(", ") });
  const value = parseAmount(input.value);
  if (!value || value.isNegative() || (COUNT_METRICS.includes(metric) && !value.isInteger()))
    throw new DomainError("usage.record.badValue", { value: input.value });
  const body = ["*", "全体"].includes(input.body.trim()) ? undefined : await findBody(db, councilId, input.body);
  const key = {
    systemId: system.id,
    bodyKey: body?.id ?? "*",
    fiscalYear: period.fiscalYear,
    month: period.month,
    metric,
    channel: parseChannel(channelText),
  };
  return db.$transaction(async (tx) => {
    const figure = await tx.usageFigure.upsert({
      where: { systemId_bodyKey_fiscalYear_month_metric_channel: key },
      create: { ...key, value: value.toFixed(), source: `entered:${actor}` },
      update: { value: value.toFixed(), source: `entered:${actor}` },
    });
    await appendAuditEntry(tx, {
      actor,
      action: "usage.record",
      subject: `system:${system.id}`,
      payload: { ...key, value: value.toFixed() },
    });
    return { figure, system, body, period };
  });
}

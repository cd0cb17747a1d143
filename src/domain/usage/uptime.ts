// 稼働率 = (予定時間 − 緊急停止時間) ÷ 予定時間, compared with the SLA (サービスレベル合意書, e.g. 99.7%).
// The comparison uses the exact ratio, so 99.7% exactly meets a 99.7% SLA and 99.6999…% does not. The
// percentage shown is cut (not rounded) to two decimals, so a figure below the SLA can never be
// displayed as if it met it.
import { Dec } from "../../lib/yen.ts";

export interface Uptime {
  scheduled: Dec;
  outage: Dec;
  /** exact percentage */
  percent: Dec;
  /** shown percentage, truncated to 2 decimals ("99.97") */
  shown: string;
  /** undefined when there is no SLA */
  meetsSla: boolean | undefined;
}

export function uptime(scheduledHours: Dec, outageHours: Dec, slaPercent?: Dec): Uptime | undefined {
  if (scheduledHours.lte(0) || outageHours.isNegative() || outageHours.gt(scheduledHours)) return undefined;
  const percent = scheduledHours.minus(outageHours).div(scheduledHours).mul(100);
  return {
    scheduled: scheduledHours,
    outage: outageHours,
    percent,
    shown: percent.toDecimalPlaces(2, Dec.ROUND_DOWN).toFixed(2),
    meetsSla: slaPercent ? percent.gte(slaPercent) : undefined,
  };
}

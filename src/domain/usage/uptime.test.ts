// Uptime against the SLA, at the boundary: exactly 99.7% meets a 99.7% SLA; a hair below does not, and is
// never displayed as 99.70.
import { describe, expect, it } from "vitest";
import { Dec } from "../../lib/yen.ts";
import { parsePeriod } from "./period.ts";
import { uptime } from "./uptime.ts";

const sla = new Dec("99.7");

describe("uptime", () => {
  it("is exactly at the SLA: 1000 scheduled hours, 3 hours of emergency outage", () => {
    const u = uptime(new Dec(1000), new Dec(3), sla)!;
    expect(u.percent.toFixed()).toBe("99.7");
    expect(u.shown).toBe("99.70");
    expect(u.meetsSla).toBe(true);
  });

  it("one second more outage misses the SLA and shows 99.69, not a rounded-up 99.70", () => {
    const u = uptime(new Dec(1000), new Dec(3).plus(new Dec(1).div(3600)), sla)!;
    expect(u.meetsSla).toBe(false);
    expect(u.shown).toBe("99.69");
  });

  it("Chiba's e-procurement month: 99.97% meets 99.7%; no outage is 100%", () => {
    expect(uptime(new Dec(720), new Dec("0.2"), sla)!.shown).toBe("99.97");
    expect(uptime(new Dec(744), new Dec(0), new Dec(100))!).toMatchObject({ shown: "100.00", meetsSla: true });
  });

  it("refuses impossible hours", () => {
    expect(uptime(new Dec(0), new Dec(0), sla)).toBeUndefined();
    expect(uptime(new Dec(10), new Dec(11), sla)).toBeUndefined();
  });
});

describe("periods", () => {
  it("reads months and fiscal years in the ways people write them", () => {
    expect(parsePeriod("2018-01")).toEqual({ fiscalYear: 2017, month: 1 });
    expect(parsePeriod("平成29年4月")).toEqual({ fiscalYear: 2017, month: 4 });
    expect(parsePeriod("H30.3")).toEqual({ fiscalYear: 2017, month: 3 });
    expect(parsePeriod("平成29年度")).toEqual({ fiscalYear: 2017, month: 0 });
    expect(parsePeriod("FY2017")).toEqual({ fiscalYear: 2017, month: 0 });
    expect(parsePeriod("２０１７年度")).toEqual({ fiscalYear: 2017, month: 0 });
    expect(parsePeriod("2017-13")).toBeUndefined();
    expect(parsePeriod("someday")).toBeUndefined();
  });
});

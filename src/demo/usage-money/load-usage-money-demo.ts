// Loads the usage and cost-share demo into the demo council (Chiba): the shared systems, the FY2017 usage
// figures from the council's report, illustrative population and births, the three FY2017 e-procurement
// cost shares and the two FY2017 settlements. Goes through the same use cases as the CLI, so the demo
// exercises real validation; loads once (a second call finds the systems and does nothing).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Db } from "../../storage/database.ts";
import { createCostShare } from "../../domain/money/create-cost-share.ts";
import { createSettlement } from "../../domain/money/create-settlement.ts";
import { importStatistics } from "../../domain/money/import-statistics.ts";
import { validateSettlementSpec } from "../../domain/money/settlement-spec.ts";
import { parseSpecText, validateShareSpec } from "../../domain/money/share-spec.ts";
import { defineSystem } from "../../domain/usage/define-system.ts";
import { importUsage } from "../../domain/usage/import-usage.ts";

const ACTOR = "system:demo";
const file = (name: string) => readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)));

export const DEMO_SYSTEMS = [
  { slug: "e-application", name: "電子申請システム", nameEn: "E-Application", organ: "denshi-shinsei" },
  { slug: "facility-reservation", name: "施設予約システム", nameEn: "Facility Reservation" },
  { slug: "e-procurement", name: "電子調達システム", nameEn: "E-Procurement", sla: "99.7" },
  { slug: "security-cloud", name: "自治体情報セキュリティクラウド", nameEn: "Security Cloud" },
];

export const DEMO_SHARES = [
  "chiba-fy2017-share-1-operating.yaml",
  "chiba-fy2017-share-2-company-data.yaml",
  "chiba-fy2017-share-3-system-change.yaml",
];
export const DEMO_SETTLEMENTS = ["chiba-fy2017-e-procurement-settlement.yaml", "chiba-fy2017-e-application-settlement.yaml"];

export async function loadUsageMoneyDemo(db: Db, councilId: string): Promise<boolean> {
  if ((await db.sharedSystem.count({ where: { councilId } })) > 0) return false;
  for (const system of DEMO_SYSTEMS) {
    const organ = system.organ && (await db.organ.findFirst({ where: { councilId, slug: system.organ } })) ? system.organ : undefined;
    await defineSystem(db, councilId, { ...system, organ }, ACTOR);
  }
  const reject = (what: string, report: { rejected: unknown[] }) => {
    if (report.rejected.length > 0) throw new Error(`demo ${what} rejected: ${JSON.stringify(report.rejected)}`);
  };
  reject("statistics", await importStatistics(db, councilId, file("chiba-demo-statistics.csv").toString("utf8"), ACTOR, "demo"));
  reject("usage", await importUsage(db, councilId, file("chiba-fy2017-usage-totals.csv"), ACTOR, { source: "demo" }));
  const fy2017 = { fiscalYear: 2017, month: 0 };
  reject(
    "procedures",
    await importUsage(db, councilId, file("chiba-fy2017-eapplication-procedures.csv"), ACTOR, {
      system: "e-application",
      period: fy2017,
      source: "demo",
    }),
  );
  reject(
    "reservations",
    await importUsage(db, councilId, file("chiba-fy2017-facility-reservations.csv"), ACTOR, {
      system: "facility-reservation",
      period: fy2017,
      source: "demo",
    }),
  );
  for (const name of DEMO_SHARES)
    await createCostShare(db, councilId, validateShareSpec(parseSpecText(file(name).toString("utf8"))), ACTOR);
  for (const name of DEMO_SETTLEMENTS)
    await createSettlement(db, councilId, validateSettlementSpec(parseSpecText(file(name).toString("utf8"))), ACTOR);
  return true;
}

// Loads the demo council through the same use cases the secretariat's CLI uses, so the demo exercises
// real validation (check digits, ケ/ヶ names, seat rules) and leaves a real audit trail.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Db } from "../storage/database.ts";
import { ensureCouncil, findCouncil } from "../domain/council/ensure-council.ts";
import { importBodies } from "../domain/bodies/import-bodies.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { addPerson } from "../domain/people/add-person.ts";
import { addStaffMembership } from "../domain/people/add-staff-membership.ts";
import { createOrgan } from "../domain/organs/create-organ.ts";
import { assignSeat } from "../domain/organs/assign-seat.ts";
import { setAlternate } from "../domain/organs/set-alternate.ts";
import { loadUsageMoneyDemo } from "./usage-money/load-usage-money-demo.ts";
import { DEMO_ALTERNATES, DEMO_BOARD, DEMO_COUNCIL, DEMO_EAPPLICATION_SECTION, DEMO_PEOPLE, DEMO_REPRESENTATIVES } from "./demo-council.ts";

const ACTOR = "system:demo";
const BODIES_CSV = fileURLToPath(new URL("./chiba-council-bodies.csv", import.meta.url));

const ORGANS = [
  { slug: "sokai", name: "総会", nameEn: "General Assembly", kind: "general_assembly" as const },
  { slug: "kanjikai", name: "幹事会", nameEn: "Board", kind: "board" as const },
  { slug: "denshi-shinsei", name: "電子申請部会", nameEn: "E-Application Section", kind: "section" as const },
];

/** Loads the demo once; returns false when the council already exists (a restart keeps its data). */
export async function loadDemoCouncil(db: Db): Promise<boolean> {
  if (await findCouncil(db, DEMO_COUNCIL.slug)) return false;
  const council = await ensureCouncil(db, DEMO_COUNCIL);
  const report = await importBodies(db, council.id, readFileSync(BODIES_CSV, "utf8"), ACTOR);
  if (report.rejected.length > 0) throw new Error(`demo bodies rejected: ${JSON.stringify(report.rejected)}`);

  const people = new Map<string, string>();
  for (const demo of DEMO_PEOPLE) {
    const person = await addPerson(
      db,
      council.id,
      { handle: demo.handle, displayName: demo.displayName, email: demo.email, locale: demo.locale, roles: demo.roles },
      ACTOR,
    );
    people.set(demo.handle, person.id);
    for (const name of demo.bodies) {
      const body = await findBody(db, council.id, name);
      await addStaffMembership(db, person.id, body.id, demo.primary, ACTOR);
    }
  }

  const allBodies = await db.body.findMany({ where: { councilId: council.id } });
  const members: Record<string, string[]> = {
    sokai: allBodies.map((b) => b.name),
    kanjikai: DEMO_BOARD,
    "denshi-shinsei": DEMO_EAPPLICATION_SECTION,
  };
  for (const spec of ORGANS) {
    const organ = await createOrgan(db, council.id, spec, ACTOR);
    const representatives = DEMO_REPRESENTATIVES[spec.slug] ?? {};
    for (const name of members[spec.slug]!) {
      const body = await findBody(db, council.id, name);
      const handle = representatives[name];
      const role = name === "千葉県" && spec.slug !== "denshi-shinsei" ? "chair" : "member";
      await assignSeat(db, { organId: organ.id, bodyId: body.id, representativeId: handle ? people.get(handle)! : null, role }, ACTOR);
    }
  }

  for (const alt of DEMO_ALTERNATES) {
    const organ = await db.organ.findFirstOrThrow({ where: { councilId: council.id, slug: alt.organ } });
    const body = await findBody(db, council.id, alt.body);
    const seat = await db.seat.findUniqueOrThrow({ where: { organId_bodyId: { organId: organ.id, bodyId: body.id } } });
    await setAlternate(
      db,
      { seatId: seat.id, personId: people.get(alt.handle)!, delegatedFrom: new Date("2026-04-01T00:00:00+09:00") },
      ACTOR,
    );
  }
  // FY2017 usage figures, cost shares and settlements, so `/kyodo usage` and `/kyodo shares` have something to show.
  await loadUsageMoneyDemo(db, council.id);
  return true;
}

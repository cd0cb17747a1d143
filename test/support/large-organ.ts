// A large organ for scale tests and benchmarks (issue #15): `seats` member bodies, each with a
// representative who has a linked chat account. Rows are written directly in bulk (createMany, in slices):
// going through one use case per person would take minutes for 2,000 seats, and what is under test is
// what happens after the setup, not the setup. Audit entries of the setup are left out for that reason.
import type { Db } from "../../src/storage/database.ts";

export interface LargeOrgan {
  organId: string;
  voters: Array<{ personId: string; handle: string; externalUserId: string; seatId: string; bodyId: string }>;
}

const SLICE = 100;

async function inSlices<T>(rows: T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += SLICE) await write(rows.slice(i, i + SLICE));
}

export async function createLargeOrgan(
  db: Db,
  councilId: string,
  options: { slug: string; seats: number; platform: string; workspace: string; userId?: (i: number) => string },
): Promise<LargeOrgan> {
  const { slug, seats, platform, workspace } = options;
  const userId = options.userId ?? ((i: number) => `U${slug.toUpperCase().replace(/[^A-Z0-9]/g, "")}${String(i).padStart(5, "0")}`);
  const organ = await db.organ.create({ data: { councilId, slug, name: `${slug} 大規模協議会`, kind: "総会" } });
  const n = (i: number) => String(i).padStart(5, "0");
  const bodies = Array.from({ length: seats }, (_, i) => ({
    id: `bd-${slug}-${n(i)}`,
    councilId,
    name: `${slug}団体${n(i)}`,
    nameKey: `${slug}団体${n(i)}`,
    kind: "市",
  }));
  const people = bodies.map((b, i) => ({ id: `ps-${slug}-${n(i)}`, councilId, handle: `${slug}-${n(i)}`, displayName: `${b.name} 委員` }));
  const seatRows = bodies.map((b, i) => ({ id: `st-${slug}-${n(i)}`, organId: organ.id, bodyId: b.id, representativeId: people[i]!.id }));
  await inSlices(bodies, (slice) => db.body.createMany({ data: slice }));
  await inSlices(people, (slice) => db.person.createMany({ data: slice }));
  await inSlices(
    people.map((p, i) => ({ personId: p.id, bodyId: bodies[i]!.id, primaryContact: true })),
    (slice) => db.staffMembership.createMany({ data: slice }),
  );
  await inSlices(seatRows, (slice) => db.seat.createMany({ data: slice }));
  const verifiedAt = new Date();
  await inSlices(
    people.map((p, i) => ({ personId: p.id, platform, workspace, externalUserId: userId(i), verifiedAt })),
    (slice) => db.chatIdentity.createMany({ data: slice }),
  );
  return {
    organId: organ.id,
    voters: people.map((p, i) => ({
      personId: p.id,
      handle: p.handle,
      externalUserId: userId(i),
      seatId: seatRows[i]!.id,
      bodyId: bodies[i]!.id,
    })),
  };
}

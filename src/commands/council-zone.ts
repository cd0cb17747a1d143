// The council's time zone, for the dates a chat answer shows. Several parts of one answer need it (a ballot
// card and its receipt, the sections of a home): it is read once per event (engine/context.ts `once`).
import { once, type Context } from "../engine/context.ts";
import { Prisma } from "../storage/generated/client.ts";

export async function councilZone(ctx: Context): Promise<string> {
  const councilId = ctx.actor!.councilId;
  // Plain SQL (the same on SQLite and PostgreSQL): a hot read of one column, see identify-actor.ts.
  const [council] = await once(ctx, `council:${councilId}`, () =>
    ctx.db.$queryRaw<Array<{ timezone: string }>>(Prisma.sql`SELECT "timezone" FROM "Council" WHERE "id" = ${councilId}`),
  );
  return council?.timezone ?? "Asia/Tokyo";
}

// The council's time zone, for the dates a chat answer shows. Several parts of one answer need it (a ballot
// card and its receipt, the sections of a home): it is read once per event (engine/context.ts `once`).
import { once, type Context } from "../engine/context.ts";

export async function councilZone(ctx: Context): Promise<string> {
  const councilId = ctx.actor!.councilId;
  const council = await once(ctx, `council:${councilId}`, () =>
    ctx.db.council.findUnique({ where: { id: councilId }, select: { timezone: true } }),
  );
  return council?.timezone ?? "Asia/Tokyo";
}

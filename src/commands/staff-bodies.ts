// The bodies a person currently works for, asked by several home sections of one answer (candidates,
// surveys): read once per event (engine/context.ts `once`, issue #15).
import { once, type Context } from "../engine/context.ts";

export function staffBodyIds(ctx: Context): Promise<string[]> {
  const personId = ctx.actor!.personId;
  return once(ctx, `staffBodies:${personId}`, async () =>
    (await ctx.db.staffMembership.findMany({ where: { personId, endedAt: null }, select: { bodyId: true } })).map((m) => m.bodyId),
  );
}

// The motions part of a person's home: ballots awaiting their vote with deadlines, and for the
// secretariat the live turnout of every ballot not yet closed.
import { allowed } from "../engine/context.ts";
import type { Block } from "../engine/messages.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { ballotTurnout, motionsMissingFor } from "../domain/motions/ballot-turnout.ts";
import { ballotLabel, ballotsAwaitingPerson, unclosedBallots } from "../domain/motions/find-ballot.ts";
import type { HomeSection } from "./home-sections.ts";
import { councilZone } from "./motions-render.ts";

export const ballotsHomeSection: HomeSection = async (ctx) => {
  const blocks: Block[] = [];
  const zone = await councilZone(ctx);
  const awaiting = await ballotsAwaitingPerson(ctx.db, ctx.actor!.councilId, ctx.actor!.personId, ctx.now);
  const lines: string[] = [];
  for (const { ballot, seats } of awaiting) {
    // Only the person's seats are counted: the whole roll's status is the secretariat's (issue #15).
    const missingBySeat = await motionsMissingFor(
      ctx.db,
      ballot,
      seats.map((s) => s.seatId),
    );
    for (const seat of seats) {
      const missing = missingBySeat.get(seat.seatId) ?? 0;
      if (missing === 0) continue;
      lines.push(
        ctx.t("motions.home.line", {
          label: ballotLabel(ballot),
          deadline: formatInstant(ballot.deadline, zone, ctx.locale),
          missing,
          total: ballot.motions.length,
          body: seat.bodyName,
          number: ballot.number,
        }),
      );
    }
  }
  if (lines.length > 0) blocks.push({ type: "text", text: [ctx.t("motions.home.awaiting"), ...lines].join("\n") });
  if (allowed("secretariat", ctx.actor)) {
    for (const ballot of await unclosedBallots(ctx.db, ctx.actor!.councilId)) {
      const status = await ballotTurnout(ctx.db, ballot);
      blocks.push({
        type: "progress",
        label: ctx.t("motions.home.turnout", { label: ballotLabel(ballot), deadline: formatInstant(ballot.deadline, zone, ctx.locale) }),
        done: status.complete,
        total: status.total,
      });
      blocks.push({ type: "context", text: ctx.t("motions.home.statusHint", { number: ballot.number }) });
    }
  }
  if (blocks.length > 0) blocks.push({ type: "divider" });
  return blocks;
};

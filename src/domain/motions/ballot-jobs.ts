// The scheduled work of ballots besides reminders and the close (which the deadline jobs run through
// ballotTracker): announcing a ballot that was created to open later.
import { defineJob, type JobDefinition } from "../../jobs/job-definition.ts";
import { announceBallot, OPEN_BALLOT_JOB, openBallotPayload } from "./announce-ballot.ts";

export function ballotJobs(): JobDefinition<unknown>[] {
  return [
    defineJob({
      kind: OPEN_BALLOT_JOB,
      payload: openBallotPayload,
      async run(ctx, payload) {
        const announced = await announceBallot(ctx.db, payload.ballotId, ctx.now);
        return announced ? { status: "done" } : { status: "skipped", reason: "already announced or closed" };
      },
    }),
  ];
}

// A scheduled job is a definition (its kind and the shape of its payload) plus a handler. Handlers
// must be safe to run twice: re-check the state of the world, then act (the outbox and unique keys make
// repeated sends harmless).
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../storage/database.ts";

export interface JobContext {
  db: Db;
  logger: Logger;
  now: Date;
  job: { id: string; key: string; dueAt: Date; attempts: number };
}

export type JobOutcome = { status: "done"; note?: string } | { status: "skipped"; reason: string };

export interface JobDefinition<Payload = unknown> {
  kind: string;
  payload: z.ZodType<Payload>;
  run(ctx: JobContext, payload: Payload): Promise<JobOutcome>;
}

/** Keeps the payload type of each definition while collecting them in one list. */
export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<unknown> {
  return definition;
}

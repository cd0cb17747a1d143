// The shape of Mattermost's button callbacks and dialog submissions, checked before they are read.
// Mattermost does not sign these requests; the signed context inside is the proof (action-context.ts),
// but the fields around it still come from whoever posted, so their types are checked here and a body
// that does not fit gets 400.
import { z } from "zod";

const id = z.string().min(1).max(255);

export const actionCallbackSchema = z.looseObject({
  user_id: id,
  user_name: z.string().max(255).optional(),
  channel_id: id,
  post_id: z.string().max(255),
  trigger_id: z.string().max(1000).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});

export const dialogSubmissionSchema = z.looseObject({
  type: z.string().max(100).optional(),
  callback_id: z.string().max(1000).optional(),
  state: z.string().max(100_000).optional(),
  user_id: id,
  channel_id: z.string().max(255).optional(),
  submission: z.record(z.string(), z.unknown()).nullable().optional(),
  cancelled: z.boolean().optional(),
});

// Schemas of the engine's neutral contract for what is stored as JSON (a person's direct conversation, an
// outbox target): read back through src/lib/json-column.ts, so a damaged or old row is named, not mis-sent.
import { z } from "zod";
import type { ConversationRef } from "./messages.ts";

export const conversationRefSchema: z.ZodType<ConversationRef> = z.object({
  platform: z.string().min(1),
  workspace: z.string(),
  conversationId: z.string().min(1),
  threadId: z.string().optional(),
  isDirect: z.boolean().optional(),
});

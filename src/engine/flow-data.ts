// Reading a saved flow back (issue #18): the data must be of the flow's current version and shape. Data saved by
// an older deploy is migrated when the flow knows how; otherwise the conversation restarts — a half-finished flow
// is cheap to begin again, a misread one (a vote for the wrong motion) is not.
import type { FlowDefinition } from "./definitions.ts";
import type { SavedState } from "./conversation-state.ts";

export const FIRST_VERSION = 1;

export function flowVersion(flow: FlowDefinition): number {
  return flow.version ?? FIRST_VERSION;
}

/** The saved data as the flow expects it now, or undefined when it cannot be read (restart the flow). */
export function readFlowData(flow: FlowDefinition, state: SavedState): Record<string, unknown> | undefined {
  if (!state.data) return undefined;
  let data: Record<string, unknown> | undefined = state.data;
  if (state.version !== flowVersion(flow)) {
    data = state.version < flowVersion(flow) ? flow.migrate?.(data, state.version) : undefined;
    if (!data) return undefined;
  }
  if (!flow.data) return data;
  const parsed = flow.data.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

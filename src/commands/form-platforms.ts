// Which conversations get a multi-field form (a Slack modal, a Mattermost interactive dialog) rather
// than questions one at a time. Only there does a form open as one window with problems shown under
// their fields; LINE, the console, email and the webhook would ask field by field anyway, without a
// way to say which answer was wrong, so flows ask them step by step themselves.
import type { Context } from "../engine/context.ts";

const FORM_PLATFORMS = new Set(["slack", "mattermost"]);

export function opensForms(ctx: Context): boolean {
  return FORM_PLATFORMS.has(ctx.ref.platform);
}

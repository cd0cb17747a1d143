// A double tap of one button. On LINE and the generic webhook every press is its own event with its own id,
// so the inbox's dedupe (one effect per event id) lets both through; the second then finds the flow moved
// on or finished and was answered "this button is out of date", although the first press was recorded.
// Slack and Mattermost replace a pressed message, so they do not need this.
//
// A press of the same button (same action and value) by the same person in the same conversation within
// DOUBLE_TAP_MS of the first is recognised here and not handed to the engine; the adapter acknowledges it
// without an answer. Button values name their question (a motion, a survey position), so two presses of
// equal value are presses of one button. In memory, per process: two taps load-balanced onto two instances
// still reach the engine twice (the second then gets the old answer).
import { BoundedCache } from "./bounded-cache.ts";

/** Taps closer together than this are one press; LINE's event times are the platform's, so delivery delay does not count. */
export const DOUBLE_TAP_MS = 10_000;

export interface Press {
  eventId: string;
  workspace: string;
  conversationId: string;
  userId: string;
  actionId: string;
  value: string;
  /** when the person pressed, by the platform's clock where it says (LINE), else when it arrived */
  atMs: number;
}

export class DoubleTapGuard {
  private readonly first = new BoundedCache<{ eventId: string; atMs: number }>(10_000, 2 * DOUBLE_TAP_MS);

  /** True when `press` repeats an earlier press of the same button within DOUBLE_TAP_MS. A redelivery of
   *  the first press itself (same event id) is not a repeat: the inbox recognises it, and it must not be
   *  dropped when the first delivery was not stored. */
  isRepeat(press: Press): boolean {
    const key = JSON.stringify([press.workspace, press.conversationId, press.userId, press.actionId, press.value]);
    const earlier = this.first.get(key);
    if (earlier && earlier.eventId !== press.eventId && Math.abs(press.atMs - earlier.atMs) <= DOUBLE_TAP_MS) return true;
    if (!earlier || earlier.eventId !== press.eventId) this.first.set(key, { eventId: press.eventId, atMs: press.atMs });
    return false;
  }
}

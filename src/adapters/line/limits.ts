// LINE Messaging API limits that shape what Kyodo sends, in one place (the helpers that keep text inside
// them are in ../shared/text-limits.ts). Lengths are counted in UTF-16 code units, never less than what LINE counts.
export const LINE_LIMITS = {
  /** messages in one reply, push or multicast request */
  messagesPerRequest: 5,
  /** recipients of one multicast request */
  multicastRecipients: 500,
  textLength: 5000,
  altTextLength: 400,
  quickReplyItems: 13,
  actionLabelLength: 20,
  displayTextLength: 300,
  /** a bubble's JSON must stay under 30 KB; a little headroom is kept */
  bubbleBytes: 30_000,
  carouselBubbles: 12,
  carouselBytes: 50_000,
} as const;

// LINE WORKS Bot API 2.0 limits that shape what Kyodo sends, in one place. Each figure names the page of
// the LINE WORKS Developers documentation (developers.worksmobile.com/jp/docs/…) it comes from; lengths
// are counted in UTF-16 code units, never less than what LINE WORKS counts.
export const LINEWORKS_LIMITS = {
  /** One content per send request: POST /bots/{botId}/users/{userId}/messages and
   *  /bots/{botId}/channels/{channelId}/messages take a single `content` object (bot-send-content). */
  contentsPerRequest: 1,
  /** Text message length. The text-message page was not in the documentation searched for this adapter;
   *  2,000 is the figure LINE WORKS gave for the Bot API 1.0 text message and is applied conservatively. */
  textLength: 2000,
  /** bot-send-button: "ボタンは最大 10 個", contentText "最大 1,000 字". */
  buttonTemplateActions: 10,
  buttonTemplateText: 1000,
  /** bot-send-list: "アイテムは最大 4 個まで"; titles and subtitles "最大 1,000 字". */
  listTemplateElements: 4,
  listTemplateText: 1000,
  /** bot-quickreply: "ボタンは最大 13 個まで設定できます". */
  quickReplyItems: 13,
  /** bot-actionobject: a label holds at most 20 characters; a postback action's data and displayText 300. */
  actionLabelLength: 20,
  postbackDataLength: 300,
  displayTextLength: 300,
  /** bot-persistentmenu-create: a message action's `postback` holds at most 1,000 characters; a persistent
   *  menu holds at most 4 buttons (bot-menu: "ボタンは 4 つまで登録可能です"). */
  messageActionPostbackLength: 1000,
  persistentMenuActions: 4,
  /** bot-send-flex-bubble: a bubble's JSON is at most 30 KB. bot-send-flex-carousel: at most 10 bubbles,
   *  and the JSON of the whole carousel at most 15 KB (the Japanese page; the English one says 30 KB —
   *  the smaller is kept). A little headroom is kept below each. */
  bubbleBytes: 29_000,
  carouselBubbles: 10,
  carouselBytes: 14_500,
  /** Flexible template altText; no figure was found for LINE WORKS, LINE's 400 is kept. */
  altTextLength: 400,
} as const;

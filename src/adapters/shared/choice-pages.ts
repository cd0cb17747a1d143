// Choices as buttons that carry postback data (LINE's quick replies, LINE WORKS' quick replies and button
// templates): a platform shows a limited number at once, so a longer list shows one fewer and a "more"
// button that brings the next page; a choice that needs confirming first carries a confirmation instead of
// its action. The button's own shape (postback action, message action, label limits) is the platform's.
import { encodeAction, encodeConfirm, encodeMore, NOOP_DATA, type ActionPayloadStore, type LineChoice } from "./postback-data.ts";

/** The postback data of one choice: its action, or its confirmation when it asks one. */
export function choiceData(store: ActionPayloadStore, choice: LineChoice, now: Date): Promise<string> {
  return choice.confirm ? encodeConfirm(store, choice, now) : encodeAction(store, choice.actionId, choice.value, now);
}

/** At most `max` buttons: the choices, or `max - 1` of them and "more" with the rest. */
export async function pageOfChoices<Item>(
  store: ActionPayloadStore,
  choices: LineChoice[],
  options: { prompt: string | undefined; moreLabel: string; max: number; now: Date },
  button: (label: string, data: string) => Item,
): Promise<Item[]> {
  const shown = choices.length <= options.max ? choices : choices.slice(0, options.max - 1);
  const items: Item[] = [];
  // One at a time: the store may be a single SQLite connection, and the order of buttons matters.
  for (const choice of shown) items.push(button(choice.label, await choiceData(store, choice, options.now)));
  if (shown.length < choices.length)
    items.push(button(options.moreLabel, await encodeMore(store, options.prompt, choices.slice(shown.length), options.now)));
  return items;
}

/** The two buttons of a confirmation: go ahead with the choice, or do nothing. */
export async function confirmationButtons<Item>(
  store: ActionPayloadStore,
  choice: LineChoice,
  cancelLabel: string,
  now: Date,
  button: (label: string, data: string) => Item,
): Promise<Item[]> {
  return [button(choice.label, await encodeAction(store, choice.actionId, choice.value, now)), button(cancelLabel, NOOP_DATA)];
}

/** The question a confirmation asks: its title and text, else the choice's label. */
export function confirmationText(choice: LineChoice): string {
  return `${choice.confirm?.title ?? ""}\n${choice.confirm?.text ?? ""}`.trim() || choice.label;
}

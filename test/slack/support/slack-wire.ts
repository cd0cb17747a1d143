// The JSON the fake Slack exchanges with Kyodo, as Slack's Web API and Block Kit document it. Declared
// here, loosely (what Kyodo sends is under test, so nearly every field is optional and
// block-kit-limits.ts checks the values at run time), rather than taken from Kyodo's own types.

export interface TextJson {
  type: string;
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

export interface OptionJson {
  text: TextJson;
  value?: string;
  description?: TextJson;
}

export interface FileRefJson {
  id?: string;
  url?: string;
}

/** A block element: button, select, input, image, or a context block's text (whose `text` is a string). */
export interface ElementJson {
  type: string;
  action_id?: string;
  text?: TextJson | string;
  value?: string;
  style?: string;
  url?: string;
  options?: OptionJson[];
  option_groups?: Array<{ label: TextJson; options: OptionJson[] }>;
  initial_option?: OptionJson;
  initial_value?: string;
  placeholder?: TextJson;
  confirm?: Record<string, unknown>;
  multiline?: boolean;
  max_length?: number;
  image_url?: string;
  alt_text?: string;
  slack_file?: FileRefJson;
  elements?: ElementJson[];
}

export interface BlockJson {
  type: string;
  block_id?: string;
  text?: TextJson;
  fields?: TextJson[];
  accessory?: ElementJson;
  elements?: ElementJson[];
  element?: ElementJson;
  label?: TextJson;
  hint?: TextJson;
  optional?: boolean;
  image_url?: string;
  alt_text?: string;
  title?: TextJson;
  slack_file?: FileRefJson;
}

export interface ViewJson {
  type: string;
  id?: string;
  hash?: string;
  callback_id?: string;
  private_metadata?: string;
  external_id?: string;
  title?: TextJson;
  submit?: TextJson;
  close?: TextJson;
  blocks: BlockJson[];
}

/** Web API arguments as received (form fields or a JSON body), for the methods Kyodo calls. */
export interface ApiArgs {
  channel?: string;
  channel_id?: string;
  channels?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  user?: string;
  users?: string;
  user_id?: string;
  trigger_id?: string;
  view_id?: string;
  hash?: string;
  blocks?: BlockJson[];
  view?: ViewJson;
  filename?: string;
  length?: string;
  alt_txt?: string;
  title?: string;
  files?: Array<{ id: string; title?: string }>;
  [other: string]: unknown;
}

/** What the fake answers a Web API call. */
export interface ApiResult {
  ok: boolean;
  error?: string;
  ts?: string;
  channel?: string | { id: string };
  view?: ViewJson;
  [other: string]: unknown;
}

/** A post to a response URL: a message (or an instruction about the original one). */
export interface ResponseBody {
  text?: string;
  blocks?: BlockJson[];
  response_type?: string;
  replace_original?: boolean;
  delete_original?: boolean;
  [other: string]: unknown;
}

/** The text a person reads on a button, an option or a context element. */
export function labelOf(element: { text?: TextJson | string } | undefined): string | undefined {
  const text = element?.text;
  return typeof text === "string" ? text : text?.text;
}

/** Every element of the blocks: actions' and context elements, section accessories, input elements. */
export function elementsIn(blocks: BlockJson[] | undefined): ElementJson[] {
  return (blocks ?? []).flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : []), ...(b.element ? [b.element] : [])]);
}

/** A select's options, from its flat list or its groups. */
export function optionsOf(element: ElementJson | undefined): OptionJson[] {
  return element?.options ?? element?.option_groups?.flatMap((g) => g.options) ?? [];
}

/** Kyodo's answer to a view_submission: empty (close), errors under fields, or the next page. */
export interface ViewSubmissionAnswer {
  response_action?: string;
  errors?: Record<string, string>;
  view?: ViewJson;
}

/** The input blocks of a modal, in order. */
export function inputBlocks(view: ViewJson | undefined): BlockJson[] {
  return (view?.blocks ?? []).filter((b) => b.type === "input");
}

/** The option labelled `label` in the select of the input block `blockId`. */
export function inputOption(view: ViewJson | undefined, blockId: string, label: string): OptionJson | undefined {
  return optionsOf(inputBlocks(view).find((b) => b.block_id === blockId)?.element).find((o) => o.text.text === label);
}

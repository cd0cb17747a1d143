// Slack's published Block Kit limits, checked independently of Kyodo's renderer (written from Slack's
// reference, not from src/adapters/slack/limits.ts), so a renderer bug cannot hide behind itself. The fake
// Slack answers "invalid_blocks" when a payload breaks one, as Slack does.

type Json = Record<string, unknown>;

export type Surface = "message" | "modal" | "home";

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

function text(problems: string[], where: string, value: unknown, max: number): void {
  const t = (value as { text?: unknown } | undefined)?.text;
  if (typeof t !== "string" || t.length === 0) problems.push(`${where}: text missing or empty`);
  else if (t.length > max) problems.push(`${where}: text ${t.length} > ${max}`);
}

function plainOnly(problems: string[], where: string, value: unknown): void {
  if ((value as { type?: string } | undefined)?.type !== "plain_text") problems.push(`${where}: must be plain_text`);
}

function option(problems: string[], where: string, o: Json): void {
  text(problems, `${where}.text`, o.text, 75);
  if (typeof o.value !== "string" || o.value.length > 75) problems.push(`${where}.value: longer than 75`);
  if (o.description) text(problems, `${where}.description`, o.description, 75);
}

function confirm(problems: string[], where: string, c: Json | undefined): void {
  if (!c) return;
  if (c.title) text(problems, `${where}.title`, c.title, 100);
  text(problems, `${where}.text`, c.text, 300);
  if (c.confirm) text(problems, `${where}.confirm`, c.confirm, 30);
  if (c.deny) text(problems, `${where}.deny`, c.deny, 30);
}

function element(problems: string[], where: string, e: Json): void {
  if (typeof e.action_id === "string" && e.action_id.length > 255) problems.push(`${where}.action_id > 255`);
  if (e.placeholder) text(problems, `${where}.placeholder`, e.placeholder, 150);
  confirm(problems, `${where}.confirm`, e.confirm as Json | undefined);
  switch (e.type) {
    case "button":
      plainOnly(problems, `${where}.text`, e.text);
      text(problems, `${where}.text`, e.text, 75);
      if (typeof e.value === "string" && e.value.length > 2000) problems.push(`${where}.value > 2000`);
      break;
    case "static_select": {
      const options = e.options as Json[] | undefined;
      const groups = e.option_groups as Json[] | undefined;
      if (!!options === !!groups) problems.push(`${where}: exactly one of options and option_groups`);
      if (options && options.length > 100) problems.push(`${where}: ${options.length} options > 100`);
      options?.forEach((o, i) => option(problems, `${where}.options[${i}]`, o));
      if (groups && groups.length > 100) problems.push(`${where}: ${groups.length} option groups > 100`);
      groups?.forEach((g, i) => {
        text(problems, `${where}.option_groups[${i}].label`, g.label, 75);
        const inGroup = g.options as Json[];
        if (inGroup.length > 100) problems.push(`${where}.option_groups[${i}]: ${inGroup.length} options > 100`);
        inGroup.forEach((o, j) => option(problems, `${where}.option_groups[${i}].options[${j}]`, o));
      });
      break;
    }
    case "plain_text_input":
      if (typeof e.max_length === "number" && e.max_length > 3000) problems.push(`${where}.max_length > 3000`);
      break;
    case "number_input":
      if (typeof e.is_decimal_allowed !== "boolean") problems.push(`${where}.is_decimal_allowed is required`);
      break;
    case "datepicker":
      break;
    default:
      problems.push(`${where}: unexpected element ${String(e.type)}`);
  }
}

function block(problems: string[], where: string, b: Json, surface: Surface): void {
  if (typeof b.block_id === "string" && b.block_id.length > 255) problems.push(`${where}.block_id > 255`);
  switch (b.type) {
    case "header":
      plainOnly(problems, `${where}.text`, b.text);
      text(problems, `${where}.text`, b.text, 150);
      break;
    case "section": {
      if (!b.text && !b.fields) problems.push(`${where}: needs text or fields`);
      if (b.text) text(problems, `${where}.text`, b.text, 3000);
      const fields = b.fields as Json[] | undefined;
      if (fields && fields.length > 10) problems.push(`${where}: ${fields.length} fields > 10`);
      fields?.forEach((f, i) => text(problems, `${where}.fields[${i}]`, f, 2000));
      break;
    }
    case "context": {
      const elements = b.elements as Json[];
      if (elements.length === 0 || elements.length > 10) problems.push(`${where}: ${elements.length} elements (1-10)`);
      elements.forEach((e, i) => text(problems, `${where}.elements[${i}]`, e, 3000));
      break;
    }
    case "actions": {
      const elements = b.elements as Json[];
      if (elements.length === 0 || elements.length > 25) problems.push(`${where}: ${elements.length} elements (1-25)`);
      const ids = elements.map((e) => e.action_id);
      if (new Set(ids).size !== ids.length) problems.push(`${where}: action ids not unique in the block`);
      elements.forEach((e, i) => element(problems, `${where}.elements[${i}]`, e));
      break;
    }
    case "input":
      if (surface !== "modal") problems.push(`${where}: input blocks belong in modals`);
      plainOnly(problems, `${where}.label`, b.label);
      text(problems, `${where}.label`, b.label, 2000);
      element(problems, `${where}.element`, b.element as Json);
      break;
    case "image": {
      // alt_text is required (2,000 at most); the source is exactly one of image_url and slack_file,
      // and a slack_file exactly one of url and id (an id looks like F0123456789).
      if (typeof b.alt_text !== "string" || b.alt_text.length === 0) problems.push(`${where}.alt_text missing or empty`);
      else if (b.alt_text.length > 2000) problems.push(`${where}.alt_text ${b.alt_text.length} > 2000`);
      if (b.title) {
        plainOnly(problems, `${where}.title`, b.title);
        text(problems, `${where}.title`, b.title, 2000);
      }
      if ((b.image_url === undefined) === (b.slack_file === undefined)) problems.push(`${where}: exactly one of image_url and slack_file`);
      if (typeof b.image_url === "string" && b.image_url.length > 3000) problems.push(`${where}.image_url > 3000`);
      const file = b.slack_file as Json | undefined;
      if (file) {
        if ((file.url === undefined) === (file.id === undefined)) problems.push(`${where}.slack_file: exactly one of url and id`);
        if (file.id !== undefined && (typeof file.id !== "string" || !/^F[A-Z0-9]{8,}$/.test(file.id)))
          problems.push(`${where}.slack_file.id: not a file id`);
      }
      break;
    }
    case "divider":
      break;
    default:
      problems.push(`${where}: unexpected block ${String(b.type)}`);
  }
}

/** Every way these blocks break Slack's limits for the surface; empty when Slack would accept them. */
export function blockKitProblems(blocks: unknown, surface: Surface): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ["blocks is not an array"];
  if (blocks.length > MAX_BLOCKS[surface]) problems.push(`${blocks.length} blocks > ${MAX_BLOCKS[surface]} for a ${surface}`);
  const blockIds = blocks.map((b: Json) => b.block_id).filter((id) => id !== undefined);
  if (new Set(blockIds).size !== blockIds.length) problems.push("block ids not unique");
  blocks.forEach((b: Json, i) => block(problems, `blocks[${i}]`, b, surface));
  return problems;
}

/** Problems of a whole view (modal or Home tab), including its title and buttons. */
export function viewProblems(view: Json): string[] {
  const surface: Surface = view.type === "modal" ? "modal" : "home";
  const problems = blockKitProblems(view.blocks, surface);
  if (surface === "modal") {
    text(problems, "title", view.title, 24);
    if (view.submit) text(problems, "submit", view.submit, 24);
    if (view.close) text(problems, "close", view.close, 24);
  }
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) problems.push("private_metadata > 3000");
  return problems;
}

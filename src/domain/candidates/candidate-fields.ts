// The fields of a candidate as people type them, checked and tidied before they are stored: a name, a
// category, a description, known products or vendors, a rough cost and links. Pure.
import { normalizeInput } from "../../lib/japanese/normalize.ts";
import { DomainError } from "../errors.ts";

export interface CandidateFields {
  name: string;
  category: string;
  description: string;
  products: string[];
  roughCost: string;
  links: string[];
}

export const EDITABLE_FIELDS = ["name", "category", "description", "products", "roughCost", "links"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

const FIELD_WORDS: Record<EditableField, string[]> = {
  name: ["name", "名称", "名前", "案件名"],
  category: ["category", "分類", "カテゴリ", "カテゴリー", "区分"],
  description: ["description", "説明", "概要", "内容"],
  products: ["products", "product", "vendors", "vendor", "製品", "製品・事業者", "事業者", "ベンダー"],
  roughCost: ["cost", "roughcost", "費用", "概算費用", "概算", "コスト"],
  links: ["links", "link", "url", "urls", "リンク", "参考"],
};

export function parseField(word: string): EditableField | undefined {
  const w = normalizeInput(word).toLowerCase();
  return EDITABLE_FIELDS.find((f) => FIELD_WORDS[f].some((x) => x.toLowerCase() === w));
}

/** 「ProVoXT、AmiVoice」 or one per line → a list; duplicates dropped, order kept, spelling as typed. */
export function splitList(text: string): string[] {
  const items = text
    .split(/[、，,\n]+/)
    .map((s) => s.replace(/\u3000/g, " ").trim())
    .filter(Boolean);
  return items.filter((item, i) => items.findIndex((other) => normalizeInput(other) === normalizeInput(item)) === i);
}

/** Links are separated by spaces, commas or lines (URLs hold no spaces). */
export function splitLinks(text: string): string[] {
  return [
    ...new Set(
      normalizeInput(text)
        .split(/[\s、，,]+/)
        .filter(Boolean),
    ),
  ];
}

const LIMITS = { name: 200, category: 100, description: 4000, product: 200, products: 20, roughCost: 200, link: 500, links: 10 };

function checkUrl(link: string): string {
  try {
    const url = new URL(link);
    if (url.protocol === "http:" || url.protocol === "https:") return url.toString();
  } catch {
    // reported below
  }
  throw new DomainError("candidates.fields.badLink", { link });
}

function tooLong(field: EditableField, max: number): never {
  throw new DomainError("candidates.fields.tooLong", { field, max });
}

/** Checks one field's value and returns it as stored. */
export function cleanField<F extends EditableField>(field: F, value: CandidateFields[F]): CandidateFields[F] {
  if (field === "products" || field === "links") {
    const list = (value as string[]).map((v) => v.trim()).filter(Boolean);
    const [max, each] = field === "products" ? [LIMITS.products, LIMITS.product] : [LIMITS.links, LIMITS.link];
    if (list.length > max || list.some((v) => v.length > each)) tooLong(field, field === "products" ? each : LIMITS.link);
    return (field === "links" ? list.map(checkUrl) : list) as CandidateFields[F];
  }
  const text = (value as string).replace(/\r\n/g, "\n").trim();
  if (field === "name") {
    if (text.length === 0) throw new DomainError("candidates.fields.nameRequired", {});
    if (text.length > LIMITS.name) tooLong(field, LIMITS.name);
  }
  const max =
    field === "description"
      ? LIMITS.description
      : field === "category"
        ? LIMITS.category
        : field === "roughCost"
          ? LIMITS.roughCost
          : LIMITS.name;
  if (text.length > max) tooLong(field, max);
  return text as CandidateFields[F];
}

export function cleanFields(input: Partial<CandidateFields> & { name: string }): CandidateFields {
  return {
    name: cleanField("name", input.name),
    category: cleanField("category", input.category ?? ""),
    description: cleanField("description", input.description ?? ""),
    products: cleanField("products", input.products ?? []),
    roughCost: cleanField("roughCost", input.roughCost ?? ""),
    links: cleanField("links", input.links ?? []),
  };
}

/** A typed value for a field: lists are split, the rest kept as text. */
export function fieldFromText<F extends EditableField>(field: F, text: string): CandidateFields[F] {
  if (field === "products") return splitList(text) as CandidateFields[F];
  if (field === "links") return splitLinks(text) as CandidateFields[F];
  return text as CandidateFields[F];
}

// Text that people type arrives in many widths and spellings (１２ / 12, ｻﾝｾｲ / サンセイ, 鎌ヶ谷 / 鎌ケ谷).
// These helpers fold them so that matching never depends on how an IME happened to produce the text.

/** NFKC (full-width digits and letters to ASCII, half-width kana to full-width) and trimmed. */
export function normalizeInput(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\u3000/g, " ")
    .trim();
}

/**
 * A key for matching names: NFKC, the small ヶ/ヵ folded to ケ/カ (鎌ヶ谷市 = 鎌ケ谷市), all spaces removed.
 * The official spelling is stored separately; this is only for lookups.
 */
export function nameKey(name: string): string {
  return normalizeInput(name)
    .replace(/[ヶゖ]/g, "ケ")
    .replace(/[ヵゕ]/g, "カ")
    .replace(/\s+/g, "")
    .toLowerCase();
}

/** Splits a command line into words, treating full-width spaces and punctuation-free runs alike. */
export function splitWords(text: string): string[] {
  const normalized = normalizeInput(text);
  return normalized.length === 0 ? [] : normalized.split(/\s+/);
}

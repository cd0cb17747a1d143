// Every user-facing string comes from locales/ja.json and locales/en.json (same keys in both; a test
// checks). Japanese is the default and the fallback, since most staff write Japanese.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import i18next, { type TFunction, type TOptions } from "i18next";

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

function loadResource(locale: Locale): Record<string, unknown> {
  const path = fileURLToPath(new URL(`../../locales/${locale}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  lng: "ja",
  fallbackLng: "ja",
  supportedLngs: [...LOCALES],
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: loadResource(l) }])),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export function translator(locale: Locale): Translate {
  const t: TFunction = instance.getFixedT(locale);
  return (key, vars) => t<string, TOptions, string>(key, vars ?? {});
}

/** Both languages, Japanese first, for places where the reader's language is unknown (logs, CLI errors). */
export function bilingual(key: string, vars?: Record<string, unknown>): string {
  const ja = translator("ja")(key, vars);
  const en = translator("en")(key, vars);
  return ja === en ? ja : `${ja} / ${en}`;
}

export function hasKey(key: string): boolean {
  return instance.exists(key, { lng: "ja" }) && instance.exists(key, { lng: "en" });
}

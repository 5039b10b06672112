import { CATALOG_LOCALES, type CatalogLocale } from '../catalog/schema';
import type { Part } from './session';

/** Each language named in itself, as the summary-language choices show it. */
export const LANGUAGE_NAMES: Readonly<Record<CatalogLocale, string>> = { en: 'English', fr: 'Français', it: 'Italiano', 'zh-CN': '中文' };

export const SUMMARY_LANGUAGE_CHOICES: readonly Part[] = CATALOG_LOCALES.map((l) => ({ lit: LANGUAGE_NAMES[l] }));

/** The picked choice (index), or a typed tag such as "fr"; anything else keeps English, as Support usually works. */
export function summaryLanguageOf(picked: number, reply: string): CatalogLocale {
  if (picked >= 0 && picked < CATALOG_LOCALES.length) return CATALOG_LOCALES[picked]!;
  return CATALOG_LOCALES.find((l) => l.toLowerCase() === reply.trim().toLowerCase()) ?? 'en';
}

import { createI18n } from 'vue-i18n';
import en from './en';
import vi from './vi';

type Messages = Record<string, unknown>;

/**
 * Each view keeps its strings in `<area>.en.ts` / `<area>.vi.ts` (one top-level key per area);
 * they are merged here, so every component can use the global `t`.
 */
const areaModules = import.meta.glob<{ default: Messages }>('./*.{en,vi}.ts', { eager: true });

function isMessages(value: unknown): value is Messages {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withAreas(base: Messages, locale: 'en' | 'vi'): Messages {
  const merged: Messages = { ...base };
  for (const [path, module] of Object.entries(areaModules)) {
    if (!path.endsWith(`.${locale}.ts`)) continue;
    // One level deep: an area file may add keys to an area the base file already has (e.g. `import`).
    for (const [area, strings] of Object.entries(module.default)) {
      const existing = merged[area];
      merged[area] = isMessages(existing) && isMessages(strings) ? { ...existing, ...strings } : strings;
    }
  }
  return merged;
}

/** Locales the UI speaks. */
export type AppLocale = 'en' | 'vi';

const savedLocale = localStorage.getItem('yield-monitor.locale');

/** The i18n instance: English and Vietnamese, switchable at runtime, locale-aware numbers and dates. */
export const i18n = createI18n({
  legacy: false,
  locale: savedLocale === 'vi' ? 'vi' : 'en',
  fallbackLocale: 'en',
  messages: { en: withAreas(en, 'en') as typeof en, vi: withAreas(vi, 'vi') as typeof en },
  numberFormats: {
    en: { integer: { maximumFractionDigits: 0 }, percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 } },
    vi: { integer: { maximumFractionDigits: 0 }, percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 } },
  },
  datetimeFormats: {
    en: { short: { year: 'numeric', month: 'short', day: 'numeric' }, long: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' } },
    vi: { short: { year: 'numeric', month: '2-digit', day: '2-digit' }, long: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' } },
  },
});

/** Switch the UI language and remember it. */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('yield-monitor.locale', locale);
  document.documentElement.lang = locale;
}

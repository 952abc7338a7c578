/**
 * Render a renderer component to HTML in one UI language (server-side: no DOM here), with the app's real
 * English and Vietnamese strings and number formats, and read it back as text, as a user sees it.
 * Stores and canvas or chart children are the test's to mock (vitest.mock); the strings are not.
 */
import { createSSRApp, h, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import baseEn from '../../renderer/src/i18n/en.ts';
import baseVi from '../../renderer/src/i18n/vi.ts';

type Messages = Record<string, unknown>;

/** A UI language. */
export type Language = 'en' | 'vi';

/** The area files (`<area>.en.ts`, `<area>.vi.ts`) a component's strings come from, one pair per area. */
export interface AreaMessages {
  en: Messages;
  vi: Messages;
}

// As renderer/src/i18n/index.ts has them (that module opens localStorage on import).
const numberFormats = { integer: { maximumFractionDigits: 0 }, percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 } } as const;

/** The base strings with the areas merged one level deep, as renderer/src/i18n/index.ts merges them. */
function merged(base: Messages, areas: readonly Messages[]): Messages {
  const result: Messages = { ...base };
  for (const area of areas) {
    for (const [key, strings] of Object.entries(area)) result[key] = { ...(result[key] as Messages | undefined), ...(strings as Messages) };
  }
  return result;
}

/** The component's HTML in `language`. */
export async function renderHtml(component: Component, props: Record<string, unknown>, language: Language, areas: readonly AreaMessages[]): Promise<string> {
  const i18n = createI18n({
    legacy: false, locale: language, fallbackLocale: 'en',
    // Typed as the base strings, as renderer/src/i18n/index.ts does: the areas add keys vue-i18n need not know.
    messages: { en: merged(baseEn, areas.map((area) => area.en)) as typeof baseEn, vi: merged(baseVi, areas.map((area) => area.vi)) as typeof baseEn },
    numberFormats: { en: numberFormats, vi: numberFormats },
  });
  const app = createSSRApp({ render: () => h(component, props) });
  app.use(i18n);
  return renderToString(app);
}

/** The visible text of an HTML fragment: tags and comments dropped, white space folded. */
export function textOf(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The text of each `tag` element (that carries `attribute`, such as `data-col="mean"`, when given), in document order. */
export function textsOf(html: string, tag: string, attribute = ''): string[] {
  const having = attribute ? `[^>]*\\s${attribute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` : '';
  const pattern = new RegExp(`<${tag}\\b${having}[^>]*>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(pattern)].map((match) => textOf(match[1] ?? ''));
}

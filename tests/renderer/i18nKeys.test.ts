/**
 * Issue #13 §5: every UI string exists in English and Vietnamese. The base files (en.ts, vi.ts)
 * and every area pair (<area>.en.ts / <area>.vi.ts) must have the same keys, each a non-empty
 * string, with the same {placeholders}; a key missing in either language fails here by name.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const i18nDir = join(import.meta.dirname, '../../renderer/src/i18n');

type Messages = { [key: string]: unknown };

/** "a.b.c" -> string value of every leaf. */
function leaves(messages: Messages, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const [inner, leaf] of leaves(value as Messages, path)) found.set(inner, leaf);
    else found.set(path, value);
  }
  return found;
}

const placeholders = (text: unknown): string[] => [...String(text).matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

const pairs = ['', ...readdirSync(i18nDir).filter((name) => name.endsWith('.en.ts')).map((name) => name.slice(0, -'.en.ts'.length))].map((area) => ({
  area: area || 'base',
  en: area ? `${area}.en.ts` : 'en.ts',
  vi: area ? `${area}.vi.ts` : 'vi.ts',
}));

describe('English and Vietnamese UI strings (issue #13)', () => {
  it.each(pairs)('$area: the same keys and placeholders in both languages, none empty', async ({ en, vi }) => {
    const english = leaves(((await import(join(i18nDir, en))) as { default: Messages }).default);
    const vietnamese = leaves(((await import(join(i18nDir, vi))) as { default: Messages }).default);
    expect([...english.keys()].filter((key) => !vietnamese.has(key)), `keys missing in ${vi}`).toEqual([]);
    expect([...vietnamese.keys()].filter((key) => !english.has(key)), `keys missing in ${en}`).toEqual([]);
    for (const [key, text] of english) {
      expect(typeof text === 'string' && text.length > 0, `${en} ${key}`).toBe(true);
      expect(typeof vietnamese.get(key) === 'string' && String(vietnamese.get(key)).length > 0, `${vi} ${key}`).toBe(true);
      expect(placeholders(vietnamese.get(key)), `${vi} ${key} placeholders`).toEqual(placeholders(text));
    }
  });
});

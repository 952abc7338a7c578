/**
 * Issue #13 §5: a key the UI asks for with a literal `t('a.b')` exists in English and in Vietnamese
 * (i18nKeys.test.ts compares the two files; a key missing from both would pass there and show its
 * path on screen). Components with their own local messages (useScope: 'local') are checked against those.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceDir = join(import.meta.dirname, '../../renderer/src');
const i18nDir = join(sourceDir, 'i18n');
type Messages = { [key: string]: unknown };

function files(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? (name === 'i18n' ? [] : files(path)) : /\.(ts|vue)$/.test(name) ? [path] : [];
  });
}

function has(messages: Messages, key: string): boolean {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Messages)[part];
  }
  return typeof node === 'string';
}

/** Base file and every area file of a locale, merged one level deep as renderer/src/i18n/index.ts does. */
async function messagesOf(locale: 'en' | 'vi'): Promise<Messages> {
  const merged: Messages = { ...((await import(join(i18nDir, `${locale}.ts`))) as { default: Messages }).default };
  for (const name of readdirSync(i18nDir).filter((file) => file.endsWith(`.${locale}.ts`))) {
    for (const [area, strings] of Object.entries(((await import(join(i18nDir, name))) as { default: Messages }).default)) {
      merged[area] = { ...(merged[area] as Messages | undefined), ...(strings as Messages) };
    }
  }
  return merged;
}

describe('UI string keys used in the code (issue #13)', () => {
  it('every literal t(\'…\') key exists in both languages', async () => {
    const locales = { en: await messagesOf('en'), vi: await messagesOf('vi') };
    const missing: string[] = [];
    let checked = 0;
    for (const file of files(sourceDir)) {
      const text = readFileSync(file, 'utf8');
      if (text.includes("useScope: 'local'")) continue;
      for (const match of text.matchAll(/\bt\(\s*'([A-Za-z][\w-]*(?:\.[\w-]+)+)'/g)) {
        checked++;
        for (const [locale, messages] of Object.entries(locales)) if (!has(messages, match[1]!)) missing.push(`${file.slice(sourceDir.length + 1)}: ${match[1]} (${locale})`);
      }
    }
    console.log(`${checked} literal keys checked`);
    expect(checked).toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });
});

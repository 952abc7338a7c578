/**
 * An STDF checker finding in the user's language: its code names a `stdfFinding.*` text and its
 * params fill it (counts in the locale's number format, identifiers such as test numbers as they
 * are). A finding recorded before findings carried params, or with a code this build does not
 * know, keeps its English message.
 */
import type { StdfFinding, StdfFindingParams } from '@shared/stdf/types';

/** The translator pieces the text needs (vue-i18n's `t`, `te` and `n`). */
export interface FindingTranslator {
  t(key: string, values: Record<string, unknown>): string;
  te(key: string): boolean;
  n(value: number, format: string): string;
}

/** Params that are amounts (formatted per locale); the others are identifiers, shown verbatim. */
const amounts = new Set(['count', 'total', 'prrs', 'declared', 'notListed', 'extraBytes', 'length']);

function camel(code: string): string {
  return code.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The i18n key of a finding, or null when only its English message can be shown. */
export function stdfFindingKey(finding: Pick<StdfFinding, 'code' | 'params'>): string | null {
  const params = finding.params;
  if (!params) return null;
  if ('notListed' in params) return 'stdfFinding.notListed';
  if (finding.code === 'cross-check') {
    const check = typeof params['check'] === 'string' ? camel(params['check']) : '';
    return check === 'pcrTotal' && params['perSite'] === 1 ? 'stdfFinding.crossCheck.pcrTotalPerSite' : `stdfFinding.crossCheck.${check}`;
  }
  if (finding.code === 'length-mismatch' && Number(params['extraBytes']) > 0) return 'stdfFinding.lengthMismatchExtra';
  return `stdfFinding.${camel(finding.code)}`;
}

/** The finding's text in the translator's language. */
export function stdfFindingText(translator: FindingTranslator, finding: StdfFinding): string {
  const key = stdfFindingKey(finding);
  if (key === null || !translator.te(key)) return finding.message;
  const values: Record<string, unknown> = { code: finding.code };
  for (const [name, value] of Object.entries(finding.params as StdfFindingParams)) {
    values[name] = typeof value === 'number' && amounts.has(name) ? translator.n(value, 'integer') : value;
  }
  return translator.t(key, values);
}

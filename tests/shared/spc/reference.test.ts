/**
 * Reproduces every published value of the SPC reference cases in ../shared/reference/spc within the
 * tolerance each file states. Files of other areas are skipped by name, and an unknown new file
 * fails the suite so it cannot be ignored silently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NOT_SPC_CASE_FILES, SPC_REFERENCE_HANDLERS } from './referenceChecks.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const referenceFolder = path.resolve(repoRoot, '../shared/reference/spc');
const caseFiles = readdirSync(referenceFolder).filter((name) => name.endsWith('.json')).sort();

/** Parsed JSON of one case file. */
function load(name: string): unknown {
  return JSON.parse(readFileSync(path.join(referenceFolder, name), 'utf8'));
}

describe('SPC reference cases', () => {
  it('every case file is either checked here or named as belonging to another area', () => {
    const unaccounted = caseFiles.filter((name) => !(name in SPC_REFERENCE_HANDLERS) && !NOT_SPC_CASE_FILES.includes(name));
    expect(unaccounted).toEqual([]);
    expect(Object.keys(SPC_REFERENCE_HANDLERS).filter((name) => !caseFiles.includes(name))).toEqual([]);
  });

  for (const name of caseFiles) {
    const handler = SPC_REFERENCE_HANDLERS[name];
    if (!handler) {
      it.skip(`${name}: not an SPC chart case (see NOT_SPC_CASE_FILES)`, () => undefined);
      continue;
    }
    describe(name, () => {
      const checks = handler(load(name), load);
      it('has checks', () => expect(checks.length).toBeGreaterThan(0));
      it.each(checks)('$label', ({ actual, expected, tolerance }) => {
        expect(Number.isFinite(actual)).toBe(true);
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
      });
    });
  }
});

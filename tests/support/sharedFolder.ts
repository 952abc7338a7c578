/**
 * Vitest global setup: the suite reads third-party files from `../shared/` beside the clone (the STDF,
 * KLARF and wafer-map corpus with its expected values, the textbook SPC cases, SECOM). Without that
 * folder about 70 tests would each fail on a missing path; this stops the run once, saying what is missing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The folder the tests expect beside the repository, and what must be in it. */
const sharedFolder = resolve(import.meta.dirname, '../../../shared');
const required = ['corpus', 'reference/spc'];

export default function checkSharedFolder(): void {
  const missing = required.filter((entry) => !existsSync(resolve(sharedFolder, entry)));
  if (missing.length === 0) return;
  throw new Error(`the test files are missing: ${missing.map((entry) => resolve(sharedFolder, entry)).join(', ')} `
    + '(expected: the shared corpus and reference folder beside the repository, ../shared/corpus and ../shared/reference; '
    + 'clone the repository next to it, or link it there)');
}

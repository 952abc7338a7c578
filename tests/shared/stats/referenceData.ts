/** Test helpers: load SPC reference JSON files from the shared reference folder and compare numbers. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Folder holding the SPC reference JSON files (outside the repo, next to it). */
export const spcReferenceFolder = path.resolve(repoRoot, '../shared/reference/spc');

/** Parse one reference file by name, e.g. "yield_models.json". */
export function loadSpcReference<T>(fileName: string): T {
  return JSON.parse(readFileSync(path.join(spcReferenceFolder, fileName), 'utf8')) as T;
}

/** Assert |actual - expected| <= relativeTolerance * |expected|. */
export function expectRelativelyClose(actual: number, expected: number, relativeTolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relativeTolerance * Math.abs(expected));
}

/** Assert |actual - expected| <= absoluteTolerance. */
export function expectAbsolutelyClose(actual: number, expected: number, absoluteTolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(absoluteTolerance);
}

import type { StdfResult } from './result.ts';
import { countParts, crossChecks } from './summary.ts';
import type { StdfFinding } from './types.ts';

/** Spec violations and oddities of a read result, each with a byte offset (-1 = whole file) and its consequence. */
export function checkStdf(result: StdfResult): StdfFinding[] {
  const findings: StdfFinding[] = [];
  for (const error of result.errors) {
    findings.push({ offset: error.offset, code: 'damage', message: `record #${error.record}: ${error.message}. Everything before this point was kept.`, params: { record: error.record, detail: error.message } });
  }
  findings.push(...result.findings);
  const { counted, wafers } = countParts(result);
  for (const check of crossChecks(result, counted.total, wafers)) {
    findings.push({ offset: -1, code: 'cross-check', message: `${check.message} Yield figures here are recomputed from the PRRs.`, params: { check: check.check, ...check.params } });
  }
  for (const [testNum, names] of result.sharedTestNumbers) {
    const named = names.filter((name) => name !== '');
    if (named.length > 1) {
      findings.push({ offset: -1, code: 'shared-test-number', message: `TEST_NUM ${testNum} is used by ${named.length} differently named tests (${named.slice(0, 4).map((name) => JSON.stringify(name)).join(', ')}): tests are told apart by number and name; tools keyed by number alone mix them.`, params: { testNum, count: named.length, names: named.slice(0, 4).map((name) => JSON.stringify(name)).join(', ') } });
    }
  }
  if (result.cpuType !== null && result.stdfVersion !== 4) {
    findings.push({ offset: 0, code: 'version', message: `FAR STDF_VER = ${result.stdfVersion}, not 4: the file was read as V4 anyway.`, params: { version: result.stdfVersion ?? '' } });
  }
  const wcr = result.wcr;
  if (wcr !== null && (!'LR'.includes(wcr.positiveX.trim() || '?') || !'UD'.includes(wcr.positiveY.trim() || '?'))) {
    findings.push({ offset: -1, code: 'wcr-orientation', message: `WCR POS_X/POS_Y are "${wcr.positiveX}"/"${wcr.positiveY}" instead of L/R and U/D: wafer maps fall back to raster orientation (X right, Y down).`, params: { positiveX: wcr.positiveX, positiveY: wcr.positiveY } });
  }
  if (result.wafers.length > 0 && wcr === null) {
    findings.push({ offset: -1, code: 'wcr-missing', message: 'wafer-sort file without a WCR: flat/notch and axis directions are unknown; wafer maps use raster orientation.', params: {} });
  }
  const outside = countResultsOutsideParts(result);
  if (outside > 0) {
    findings.push({ offset: -1, code: 'result-outside-part', message: `${outside} test result(s) lie outside any PIR/PRR bracket of their head/site: they belong to no part.`, params: { count: outside } });
  }
  return findings.sort((first, second) => (first.offset < 0 ? Infinity : first.offset) - (second.offset < 0 ? Infinity : second.offset));
}

function countResultsOutsideParts(result: StdfResult): number {
  let outside = 0;
  const { partIndex, count } = result.results;
  for (let row = 0; row < count; row++) if (partIndex[row]! < 0) outside++;
  return outside;
}

/**
 * Approved static PAT limits per product and test, kept in the workspace like the SPC limits
 * history: one appended JSON file per approval under `screening/limits/<product>/`, never
 * rewritten; the latest approval of a test is the one in force.
 *
 * A test is (product, test key) (issue #13 §1). Records written before test keys existed carry only
 * the number: they are read as the test whose key equals that number, which is the test that number
 * named then (a CSV test, or the first PTR of the number in an STDF file: both keep the number as key).
 */
import type { WorkspaceStore } from '../host/hostApi.ts';
import { appendJsonFile, fileLabel, readJsonFiles } from '../spc/monitor/appendOnlyFiles.ts';
import type { ScreenLimit } from './types.ts';

/** One approval of a test's static PAT limits. */
export interface ApprovedLimitRecord {
  product: string;
  /** Test number (display). */
  test: number;
  /** The test's key within the product; absent in records written before keys: the number is the key. */
  testKey?: number;
  testName: string | null;
  robustMean: number;
  robustSigma: number;
  lo: number;
  hi: number;
  /** Passing values and lots behind the limits. */
  n: number;
  lots: number;
  k: number;
  who: string;
  /** ISO time of the approval. */
  when: string;
  why: string;
  /** Review due: six months after approval (AEC-Q001), or after reviewAfterLots more lots. */
  reviewBy: string;
  reviewAfterLots: number;
}

/** Folder of a product's approvals. */
export function approvedLimitsFolder(product: string): string {
  return `screening/limits/${fileLabel(product)}`;
}

/** The review date six months after an approval. */
export function reviewDate(approvedAt: Date): string {
  const due = new Date(approvedAt.getTime());
  due.setUTCMonth(due.getUTCMonth() + 6);
  return due.toISOString();
}

function isApproval(value: unknown): value is ApprovedLimitRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<ApprovedLimitRecord>;
  return typeof record.product === 'string' && typeof record.test === 'number' && typeof record.lo === 'number' && typeof record.hi === 'number';
}

/** Every approval of a product, oldest first. */
export async function approvalHistory(store: WorkspaceStore, product: string): Promise<ApprovedLimitRecord[]> {
  const { values } = await readJsonFiles(store, approvedLimitsFolder(product));
  return values.map((entry) => entry.value).filter(isApproval).filter((record) => record.product === product);
}

/** The key of the test an approval is about (the number for records written before keys). */
export function approvedTestKey(record: ApprovedLimitRecord): number {
  return typeof record.testKey === 'number' ? record.testKey : record.test;
}

/** The limits in force for a product: the latest approval of each test (by key), as ScreenLimits. */
export async function approvedLimits(store: WorkspaceStore, product: string): Promise<ScreenLimit[]> {
  const latest = new Map<number, ApprovedLimitRecord>();
  for (const record of await approvalHistory(store, product)) latest.set(approvedTestKey(record), record);
  return [...latest.values()].map((record) => ({
    product: record.product,
    test: record.test,
    testKey: approvedTestKey(record),
    testName: record.testName,
    scope: 'product' as const,
    wafer: null,
    robustMean: record.robustMean,
    robustSigma: record.robustSigma,
    lo: record.lo,
    hi: record.hi,
    n: record.n,
    source: 'approved' as const,
  }));
}

/** Append approvals of computed static limits; needs who and why. Returns the records written. */
export async function approveLimits(
  store: WorkspaceStore,
  limits: readonly (ScreenLimit & { lots?: number })[],
  approval: { who: string; why: string; k: number; at?: Date },
): Promise<ApprovedLimitRecord[]> {
  if (approval.who.trim() === '') throw new Error('an approval needs "who"');
  if (approval.why.trim() === '') throw new Error('an approval needs "why"');
  const at = approval.at ?? new Date();
  const written: ApprovedLimitRecord[] = [];
  for (const limit of limits) {
    if (limit.test === null || limit.testKey === null || limit.lo === null || limit.hi === null) continue;
    const record: ApprovedLimitRecord = {
      product: limit.product, test: limit.test, testKey: limit.testKey, testName: limit.testName, robustMean: limit.robustMean, robustSigma: limit.robustSigma,
      lo: limit.lo, hi: limit.hi, n: limit.n, lots: limit.lots ?? 0, k: approval.k, who: approval.who, when: at.toISOString(), why: approval.why,
      reviewBy: reviewDate(at), reviewAfterLots: 8,
    };
    await appendJsonFile(store, approvedLimitsFolder(limit.product), at, `test-${limit.testKey}`, record);
    written.push(record);
  }
  return written;
}

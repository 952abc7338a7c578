import { describe, expect, it } from 'vitest';
import { fileVersionKey, isImportableFileName, WatchPolicy, type WatchFileStatus, type WatchImportResult } from '../../../shared/watch/watchPolicy.ts';

describe('isImportableFileName', () => {
  const cases: [string, boolean][] = [
    ['/lots/OR26001.stdf', true],
    ['/lots/OR26001.STD', true],
    ['/lots/OR26001.stdf.gz', true],
    ['/lots/OR26001.std.bz2', true],
    ['/lots/OR26001.zip', true],
    ['/lots/OR26001.bz2', true],
    ['/lots/OR26001.csv', true],
    ['/lots/OR26001.csv.gz', true],
    ['C:\\tester\\out\\OR26001.csv', true],
    // Compression is found by content: a gzip STDF named lot3.gz imports as STDF (issue #13).
    ['/lots/OR26001.gz', true],
    // Notes and text datalogs are not picked up (the Open dialog still takes a .txt; content decides).
    ['/lots/OR26001.txt', false],
    ['/lots/events.jsonl', true],
    ['/lots/OR26001.csv.tmp', false],
    ['/lots/OR26001.stdf.part', false],
    ['/lots/.OR26001.stdf', false],
    ['/lots/~OR26001.csv', false],
    ['/lots/summary.xlsx', false],
  ];
  it.each(cases)('%s -> %s', (name, importable) => {
    expect(isImportableFileName(name)).toBe(importable);
  });
});

/** One step of a scenario: a stat, a poll for ready files, an import outcome, or a deletion. */
type Step =
  | { observe: [path: string, size: number, mtimeMs: number]; at: number }
  | { takeReady: number; expect: string[] }
  | { settle: [path: string, size: number, mtimeMs: number]; result: WatchImportResult }
  | { remove: string };

interface Scenario {
  name: string;
  stableMs?: number;
  steps: Step[];
  /** Status of each file at the end. */
  final: Record<string, WatchFileStatus>;
}

const failed = (error: string): WatchImportResult => ({ kind: 'failed', error });
const imported: WatchImportResult = { kind: 'imported' };
const duplicate: WatchImportResult = { kind: 'duplicate' };

const scenarios: Scenario[] = [
  {
    name: 'a file growing in chunks is ready only after it stops growing for the stable time',
    steps: [
      { observe: ['/w/a.stdf', 100, 1], at: 0 },
      { takeReady: 1999, expect: [] },
      { observe: ['/w/a.stdf', 200, 2], at: 1500 },
      { takeReady: 3000, expect: [] },
      { observe: ['/w/a.stdf', 300, 3], at: 3000 },
      { observe: ['/w/a.stdf', 300, 3], at: 4000 },
      { takeReady: 4999, expect: [] },
      { takeReady: 5000, expect: ['/w/a.stdf'] },
      { takeReady: 9000, expect: [] },
    ],
    final: { '/w/a.stdf': 'ready' },
  },
  {
    name: 'mtime alone changing restarts the wait (same size rewritten)',
    steps: [
      { observe: ['/w/a.csv', 50, 1], at: 0 },
      { observe: ['/w/a.csv', 50, 2], at: 1900 },
      { takeReady: 2100, expect: [] },
      { takeReady: 3900, expect: ['/w/a.csv'] },
    ],
    final: { '/w/a.csv': 'ready' },
  },
  {
    name: 'the stable time is configurable',
    stableMs: 500,
    steps: [
      { observe: ['/w/a.csv', 50, 1], at: 0 },
      { takeReady: 499, expect: [] },
      { takeReady: 500, expect: ['/w/a.csv'] },
    ],
    final: { '/w/a.csv': 'ready' },
  },
  {
    name: 'an empty file is never ready',
    steps: [
      { observe: ['/w/a.csv', 0, 1], at: 0 },
      { takeReady: 60_000, expect: [] },
      { observe: ['/w/a.csv', 10, 2], at: 60_000 },
      { takeReady: 62_000, expect: ['/w/a.csv'] },
    ],
    final: { '/w/a.csv': 'ready' },
  },
  {
    name: 'names the watcher does not import are ignored',
    steps: [
      { observe: ['/w/summary.xlsx', 10, 1], at: 0 },
      { observe: ['/w/.a.stdf', 10, 1], at: 0 },
      { takeReady: 10_000, expect: [] },
    ],
    final: {},
  },
  {
    name: 'an imported file is not imported again when it is seen again unchanged (rescan, delete and restore)',
    steps: [
      { observe: ['/w/a.stdf', 100, 1], at: 0 },
      { takeReady: 2000, expect: ['/w/a.stdf'] },
      { settle: ['/w/a.stdf', 100, 1], result: imported },
      { remove: '/w/a.stdf' },
      { observe: ['/w/a.stdf', 100, 1], at: 5000 },
      { takeReady: 9000, expect: [] },
    ],
    final: { '/w/a.stdf': 'imported' },
  },
  {
    name: 'a touched file is offered again; the workspace dedupe then reports it as a duplicate',
    steps: [
      { observe: ['/w/a.stdf', 100, 1], at: 0 },
      { takeReady: 2000, expect: ['/w/a.stdf'] },
      { settle: ['/w/a.stdf', 100, 1], result: imported },
      { observe: ['/w/a.stdf', 100, 7], at: 3000 },
      { takeReady: 5000, expect: ['/w/a.stdf'] },
      { settle: ['/w/a.stdf', 100, 7], result: duplicate },
      { takeReady: 9000, expect: [] },
    ],
    final: { '/w/a.stdf': 'duplicate' },
  },
  {
    name: 'a failed file is not retried while unchanged, and is retried after it changes',
    steps: [
      { observe: ['/w/bad.csv', 100, 1], at: 0 },
      { takeReady: 2000, expect: ['/w/bad.csv'] },
      { settle: ['/w/bad.csv', 100, 1], result: failed('line 3: x is not a number') },
      { takeReady: 60_000, expect: [] },
      { remove: '/w/bad.csv' },
      { observe: ['/w/bad.csv', 100, 1], at: 61_000 },
      { takeReady: 70_000, expect: [] },
      { observe: ['/w/bad.csv', 120, 2], at: 70_000 },
      { takeReady: 71_999, expect: [] },
      { takeReady: 72_000, expect: ['/w/bad.csv'] },
      { settle: ['/w/bad.csv', 120, 2], result: imported },
    ],
    final: { '/w/bad.csv': 'imported' },
  },
  {
    name: 'a file that changes while its import runs waits again; the stale outcome does not settle it',
    steps: [
      { observe: ['/w/a.csv', 100, 1], at: 0 },
      { takeReady: 2000, expect: ['/w/a.csv'] },
      { observe: ['/w/a.csv', 150, 2], at: 2500 },
      { settle: ['/w/a.csv', 100, 1], result: imported },
      { takeReady: 4499, expect: [] },
      { takeReady: 4500, expect: ['/w/a.csv'] },
    ],
    final: { '/w/a.csv': 'ready' },
  },
  {
    name: 'files settle independently',
    steps: [
      { observe: ['/w/a.csv', 100, 1], at: 0 },
      { observe: ['/w/b.stdf', 100, 1], at: 1000 },
      { takeReady: 2000, expect: ['/w/a.csv'] },
      { takeReady: 3000, expect: ['/w/b.stdf'] },
      { settle: ['/w/b.stdf', 100, 1], result: failed('truncated record') },
    ],
    final: { '/w/a.csv': 'ready', '/w/b.stdf': 'failed' },
  },
];

function runStep(policy: WatchPolicy, step: Step): void {
  if ('observe' in step) {
    const [path, size, mtimeMs] = step.observe;
    policy.observe({ path, size, mtimeMs }, step.at);
  } else if ('takeReady' in step) {
    expect(policy.takeReady(step.takeReady).map((file) => file.path), `takeReady at ${step.takeReady}`).toEqual(step.expect);
  } else if ('settle' in step) {
    const [path, size, mtimeMs] = step.settle;
    policy.settle(fileVersionKey({ path, size, mtimeMs }), step.result);
  } else {
    policy.remove(step.remove);
  }
}

describe('WatchPolicy', () => {
  it.each(scenarios)('$name', (scenario) => {
    const policy = new WatchPolicy({ stableMs: scenario.stableMs });
    for (const step of scenario.steps) runStep(policy, step);
    const statuses = Object.fromEntries(policy.snapshot().map((file) => [file.path, file.status]));
    expect(statuses).toEqual(scenario.final);
  });

  it('keeps the failure reason on the file', () => {
    const policy = new WatchPolicy();
    policy.observe({ path: '/w/bad.csv', size: 9, mtimeMs: 1 }, 0);
    const [ready] = policy.takeReady(2000);
    policy.settle(ready!.key, { kind: 'failed', error: 'bad.csv: line 3: x is not a number' });
    expect(policy.get('/w/bad.csv')).toMatchObject({ status: 'failed', error: 'bad.csv: line 3: x is not a number' });
  });

  it('remembers completed versions across instances', () => {
    const first = new WatchPolicy();
    first.observe({ path: '/w/a.csv', size: 9, mtimeMs: 1 }, 0);
    const [ready] = first.takeReady(2000);
    first.settle(ready!.key, { kind: 'imported' });
    const second = new WatchPolicy({ completedKeys: first.completedKeys() });
    expect(second.observe({ path: '/w/a.csv', size: 9, mtimeMs: 1 }, 0)?.status).toBe('imported');
    expect(second.takeReady(10_000)).toEqual([]);
  });

  it('is idle only when nothing is settling or being imported (a stable empty file does not count)', () => {
    const policy = new WatchPolicy();
    expect(policy.isIdle(0)).toBe(true);
    policy.observe({ path: '/w/a.csv', size: 9, mtimeMs: 1 }, 0);
    policy.observe({ path: '/w/empty.csv', size: 0, mtimeMs: 1 }, 0);
    expect(policy.isIdle(1000)).toBe(false);
    expect(policy.settlingPaths().sort()).toEqual(['/w/a.csv', '/w/empty.csv']);
    const [ready] = policy.takeReady(2000);
    expect(policy.isIdle(2000)).toBe(false);
    policy.settle(ready!.key, { kind: 'imported' });
    expect(policy.isIdle(2000)).toBe(true);
  });

  it('waits for an incomplete file until it changes or the limit passes, then hands it out final (issue #12 §6)', () => {
    const policy = new WatchPolicy({ stableMs: 2000, incompleteLimitMs: 10_000 });
    policy.observe({ path: '/w/a.stdf', size: 100, mtimeMs: 1 }, 0);
    const [first] = policy.takeReady(2000);
    expect(policy.awaitRest(first!.key)).toMatchObject({ status: 'settling', incomplete: true });
    expect(policy.isIdle(5000)).toBe(false);
    expect(policy.takeReady(9999)).toEqual([]);
    // The writer resumes: the new version is judged afresh after the stable time.
    policy.observe({ path: '/w/a.stdf', size: 200, mtimeMs: 2 }, 9999);
    expect(policy.takeReady(11_998)).toEqual([]);
    const [second] = policy.takeReady(11_999);
    expect([second?.size, second?.final]).toEqual([200, undefined]);
    policy.awaitRest(second!.key);
    expect(policy.takeReady(9999 + 9999)).toEqual([]);
    expect(policy.takeReady(9999 + 10_000)).toEqual([expect.objectContaining({ size: 200, final: true })]);
  });

  it('hands out a file that grew after a partial import with the import it replaces; a whole import ends that', () => {
    const policy = new WatchPolicy({ stableMs: 2000 });
    policy.observe({ path: '/w/a.stdf', size: 100, mtimeMs: 1 }, 0);
    const [cut] = policy.takeReady(2000);
    policy.settle(cut!.key, { kind: 'imported', importId: 'cut-import', partial: true });
    policy.observe({ path: '/w/a.stdf', size: 300, mtimeMs: 2 }, 3000);
    const [grown] = policy.takeReady(5000);
    expect(grown).toMatchObject({ size: 300, replaces: 'cut-import' });
    policy.settle(grown!.key, { kind: 'imported', importId: 'whole-import' });
    policy.observe({ path: '/w/a.stdf', size: 400, mtimeMs: 3 }, 6000);
    const [later] = policy.takeReady(8000);
    expect([later?.size, later?.replaces]).toEqual([400, undefined]);
  });

  it('rejects a negative stable time', () => {
    expect(() => new WatchPolicy({ stableMs: -1 })).toThrow(RangeError);
  });
});

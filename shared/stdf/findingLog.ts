import type { StdfFinding, StdfFindingParams } from './types.ts';

/** Collects check findings, keeping the first few of each kind and counting the rest. */
export class FindingLog {
  readonly findings: StdfFinding[] = [];
  readonly countByCode = new Map<string, number>();

  constructor(private readonly keepPerCode = 20) {}

  /** Record one finding; the message is built only when it will be kept. */
  add(code: string, offset: number, message: string | (() => string), params?: StdfFindingParams): void {
    const seen = (this.countByCode.get(code) ?? 0) + 1;
    this.countByCode.set(code, seen);
    if (seen <= this.keepPerCode) this.findings.push({ offset, code, message: typeof message === 'string' ? message : message(), ...(params ? { params } : {}) });
  }

  /** Findings with a closing line per code whose occurrences were not all kept. */
  list(): StdfFinding[] {
    const extra: StdfFinding[] = [];
    for (const [code, count] of this.countByCode) {
      if (count > this.keepPerCode) {
        const notListed = count - this.keepPerCode;
        extra.push({ offset: -1, code, message: `${notListed} more "${code}" findings not listed (${count} in total).`, params: { notListed, total: count } });
      }
    }
    return [...this.findings, ...extra];
  }
}

import type { StdfFinding } from './types.ts';

/** Collects check findings, keeping the first few of each kind and counting the rest. */
export class FindingLog {
  readonly findings: StdfFinding[] = [];
  readonly countByCode = new Map<string, number>();

  constructor(private readonly keepPerCode = 20) {}

  /** Record one finding; the message is built only when it will be kept. */
  add(code: string, offset: number, message: string | (() => string)): void {
    const seen = (this.countByCode.get(code) ?? 0) + 1;
    this.countByCode.set(code, seen);
    if (seen <= this.keepPerCode) this.findings.push({ offset, code, message: typeof message === 'string' ? message : message() });
  }

  /** Findings with a closing line per code whose occurrences were not all kept. */
  list(): StdfFinding[] {
    const extra: StdfFinding[] = [];
    for (const [code, count] of this.countByCode) {
      if (count > this.keepPerCode) {
        extra.push({ offset: -1, code, message: `${count - this.keepPerCode} more "${code}" findings not listed (${count} in total).` });
      }
    }
    return [...this.findings, ...extra];
  }
}

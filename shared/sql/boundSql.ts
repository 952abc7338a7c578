/** Statements with bound parameters: how values from files and users reach SQL (never spliced into its text). */
import type { SqlParam } from '../engine/sqlEngine.ts';

/** A statement with its bound parameters ($1, $2, ... in order). */
export interface BoundSql {
  sql: string;
  params: SqlParam[];
}

/** Collects parameters and hands out their placeholders. */
export class SqlParameters {
  readonly values: SqlParam[] = [];

  /** Placeholder of a new parameter. */
  bind(value: SqlParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A typed value: a placeholder cast to `type`, or a typed NULL for null and non-finite numbers. */
  typed(value: string | number | null, type: string): string {
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return `NULL::${type}`;
    return `${this.bind(value)}::${type}`;
  }

  /** The statement with the values bound so far. */
  statement(sql: string): BoundSql {
    return { sql, params: [...this.values] };
  }
}


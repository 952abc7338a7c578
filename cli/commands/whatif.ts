/**
 * `yield-monitor whatif --workspace DIR --test N[:NAME] | --test-key K [--product P] --lo X --hi Y [--lot L] [--json]`:
 * re-judge every die (of one lot, or all the product's lots) with one test's limits changed and print the dies
 * that flip, yield per lot and wafer before and after, and the bins affected. Reads only; `--save NAME --who W`
 * keeps the scenario in the workspace (screening/scenarios/) without applying it.
 * Testers reuse numbers (issue #13 §1): a number that names several tests is refused with the candidates listed.
 */
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { matchingTests, runWhatIf, saveScenario, whatIfTests, type WhatIfResult, type WhatIfTest, type WhatIfTestChoice } from '../../shared/screening/whatIf.ts';
import { openScreeningWorkspace, parseOptions } from './screeningOptions.ts';
import { formatPercent } from '../../shared/util/format.ts';

const usage = `Usage: yield-monitor whatif --workspace DIR (--test N[:NAME] | --test-key K) --lo X --hi Y [--lot L] [--product P] [--json] [--save NAME --who W]
  --test N         the test numbered N; when several tests share N, name one: --test N:NAME or --test-key K
  --test-key K     the test's key within its product (listed when a number is ambiguous)
  --product P      the product, when --lot is not given and several products have the test
  --lo none / --hi none leave that side unlimited
`;

function fail(message: string): number {
  process.stderr.write(`yield-monitor whatif: ${message}\n${usage}`);
  return 2;
}

function percent(value: number): string {
  return formatPercent(value, 'en', 2);
}

function label(test: Pick<WhatIfTest, 'test' | 'testName'>): string {
  return test.testName ? `${test.test}:${test.testName}` : String(test.test);
}

function summary(result: WhatIfResult): string {
  const { change } = result;
  const lines = [`test ${label(change)} (key ${change.testKey}, product ${change.product}) limits ${change.lo ?? '-'} .. ${change.hi ?? '-'}: ${result.flips.length} dies flip`];
  for (const lot of result.lots) lines.push(`  lot ${lot.lot}: ${percent(lot.yieldBefore)} -> ${percent(lot.yieldAfter)} (${lot.goodBefore} -> ${lot.goodAfter} of ${lot.dies})`);
  for (const bin of result.bins) lines.push(`  hard bin ${bin.hardBin ?? '-'}: ${bin.passToFail} pass -> fail, ${bin.failToPass} fail -> pass`);
  return `${lines.join('\n')}\n`;
}

/** A limit option: a number, or "none" for no limit on that side. */
function limitOption(text: string | undefined, name: string): number | null | string {
  if (text === undefined) return `--${name} is required (a number, or none)`;
  if (text === 'none') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : `--${name}: expected a number or none, got "${text}"`;
}

/** The test the options name: --test N, --test N:NAME (the name may hold colons), --test-key K, --product P; or an error text. */
function testChoice(test: string | undefined, testKey: string | undefined, product: string | undefined): WhatIfTestChoice | string {
  if (test === undefined && testKey === undefined) return '--test or --test-key is required';
  const choice: WhatIfTestChoice = product === undefined ? {} : { product };
  if (testKey !== undefined) {
    const key = Number(testKey);
    if (!Number.isInteger(key)) return `--test-key: expected an integer, got "${testKey}"`;
    choice.testKey = key;
  }
  if (test !== undefined) {
    const colon = test.indexOf(':');
    const number = Number(colon < 0 ? test : test.slice(0, colon));
    if (!Number.isInteger(number) || (colon < 0 ? test : test.slice(0, colon)).trim() === '') return `--test: expected a test number or NUMBER:NAME, got "${test}"`;
    choice.test = number;
    if (colon >= 0) choice.testName = test.slice(colon + 1);
  }
  return choice;
}

/** The candidates, one a line, as a user picks among them. */
function candidateList(candidates: readonly WhatIfTest[]): string {
  return candidates.map((candidate) => `  --test-key ${candidate.testKey}  (test ${label(candidate)}, product ${candidate.product})`).join('\n');
}

/** Entry point: 0 on success, 1 when the what-if fails, 2 on a usage error (an ambiguous or unknown test included). */
export async function run(args: string[]): Promise<number> {
  const options = parseOptions(args, ['workspace', 'test', 'test-key', 'product', 'lo', 'hi', 'lot', 'save', 'who'], ['json']);
  if (typeof options === 'string') return fail(options);
  const folder = options.values.get('workspace');
  if (!folder) return fail('--workspace is required');
  const choice = testChoice(options.values.get('test'), options.values.get('test-key'), options.values.get('product'));
  if (typeof choice === 'string') return fail(choice);
  const lo = limitOption(options.values.get('lo'), 'lo');
  const hi = limitOption(options.values.get('hi'), 'hi');
  if (typeof lo === 'string') return fail(lo);
  if (typeof hi === 'string') return fail(hi);
  if (lo !== null && hi !== null && lo > hi) return fail(`--lo ${lo} is above --hi ${hi}`);
  const lot = options.values.get('lot') ?? null;
  let engine;
  try {
    engine = await openScreeningWorkspace(args, folder);
  } catch (error) {
    process.stderr.write(`yield-monitor whatif: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const tests = await whatIfTests(engine, lot);
    const matches = matchingTests(tests, choice);
    const asked = [choice.test === undefined ? '' : `test ${choice.test}${choice.testName === undefined ? '' : `:${choice.testName}`}`, choice.testKey === undefined ? '' : `key ${choice.testKey}`]
      .filter(Boolean).join(', ');
    const where = lot === null ? (choice.product === undefined ? 'in this workspace' : `in product ${choice.product}`) : `in lot ${lot}'s product`;
    if (matches.length === 0) {
      const sameNumber = choice.test === undefined ? [] : matchingTests(tests, { test: choice.test, ...(choice.product === undefined ? {} : { product: choice.product }) });
      return fail(`no ${asked} ${where}${sameNumber.length > 0 ? `; tests numbered ${choice.test}:\n${candidateList(sameNumber)}` : ''}`);
    }
    const chosen = matches[0];
    if (matches.length > 1 || !chosen) {
      return fail(`${asked} names ${matches.length} tests ${where} (testers reuse numbers); choose one with --test-key K${new Set(matches.map((match) => match.product)).size > 1 ? ' and --product P' : ''}:\n${candidateList(matches)}`);
    }
    const sharing = tests.filter((candidate) => candidate.product === chosen.product && candidate.test === chosen.test);
    if (sharing.length > 1) process.stderr.write(`test number ${chosen.test} is shared by ${sharing.length} tests of ${chosen.product}; using ${label(chosen)} (key ${chosen.testKey}):\n${candidateList(sharing)}\n`);
    const result = await runWhatIf(engine, { ...chosen, lo, hi, lot });
    const name = options.values.get('save');
    if (name !== undefined) process.stderr.write(`saved scenario ${await saveScenario(new FolderWorkspaceStore(folder), name, options.values.get('who') ?? '', result)}\n`);
    process.stdout.write(options.switches.has('json') ? `${JSON.stringify(result, null, 1)}\n` : summary(result));
    return 0;
  } catch (error) {
    process.stderr.write(`yield-monitor whatif: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine.close();
  }
}

#!/usr/bin/env node
// Entry of the `yield-monitor` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

const [command, subcommand] = process.argv.slice(2);
// Commands that open a workspace load apache-arrow and zod before tsx's hooks are in place: through
// the hooks, each of apache-arrow's ~200 files is resolved and loaded on tsx's thread, a third slower
// (`commonality` on the sample: 1.77 s to 1.61 s, medians of 10). Commands reading only a file skip them.
const readsOnlyFiles = command === undefined || ['stdf', 'help', '--help'].includes(command) || (command === 'spc' && subcommand === 'compute');
if (!readsOnlyFiles) await Promise.all([import('apache-arrow'), import('zod')]);
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));

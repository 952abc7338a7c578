/** `yield-monitor spc ...`: placeholder until the command lands. */
export async function run(args: string[]): Promise<number> {
  process.stderr.write(`yield-monitor spc: not implemented yet (${args.join(' ')})\n`);
  return 2;
}

/** `yield-monitor wafer ...`: placeholder until the command lands. */
export async function run(args: string[]): Promise<number> {
  process.stderr.write(`yield-monitor wafer: not implemented yet (${args.join(' ')})\n`);
  return 2;
}

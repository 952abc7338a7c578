/** `yield-monitor import FILE... --workspace DIR`: placeholder until the command lands. */
export async function run(args: string[]): Promise<number> {
  process.stderr.write(`yield-monitor import: not implemented yet (${args.join(' ')})\n`);
  return 2;
}

/** The value after `--name` on the benchmark's command line (undefined when absent). */
export function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

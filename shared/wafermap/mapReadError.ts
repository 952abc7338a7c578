/** A wafer-map file that cannot be read: names the file, where (line or byte offset) and what was expected. */
export class MapReadError extends Error {
  override readonly name = 'MapReadError';

  constructor(readonly fileName: string, readonly where: string, detail: string) {
    super(`${fileName}:${where}: ${detail}`);
  }
}

/** Text lines of a map file without their line ends (CRLF or LF). */
export function mapLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

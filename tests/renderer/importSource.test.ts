import { describe, expect, it, vi } from 'vitest';

// The window's host (Electron preload or browser) is replaced by a recorder: these tests check
// which tokens the renderer gives back when an import batch ends.
const released = vi.hoisted(() => [] as string[]);
vi.mock('../../renderer/src/services/host', () => ({
  host: {
    readFileChunk: async () => new Uint8Array(0),
    releaseFile: async (token: string) => {
      if (token === 'gone-token') throw new Error('unknown file token');
      released.push(token);
    },
  },
}));

const { releaseSources, sourceFromFile, sourceFromPicked } = await import('../../renderer/src/services/importSource');

describe('releaseSources', () => {
  it("gives back every picked file's token except the one waiting for a column mapping", async () => {
    released.length = 0;
    const imported = sourceFromPicked({ token: 'imported-token', name: 'lot1.stdf', size: 10 });
    const failed = sourceFromPicked({ token: 'failed-token', name: 'broken.csv', size: 3 });
    const waiting = sourceFromPicked({ token: 'waiting-token', name: 'odd-header.csv', size: 5 });
    const dropped = sourceFromFile(new File(['lot,wafer\n'], 'dropped.csv'));
    releaseSources([imported, failed, waiting, dropped], waiting);
    await vi.waitFor(() => expect(released.sort()).toEqual(['failed-token', 'imported-token']));
    releaseSources([waiting], null);
    await vi.waitFor(() => expect(released).toContain('waiting-token'));
  });

  it('does not fail when the host has already forgotten a token', async () => {
    const forgotten = sourceFromPicked({ token: 'gone-token', name: 'watched.stdf', size: 1 });
    expect(() => releaseSources([forgotten], null)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});

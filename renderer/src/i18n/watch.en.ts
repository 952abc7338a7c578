/** English strings of the watch-folder panel and its imports (merged under the `watch` key). */
export default {
  watch: {
    title: 'Watch folders',
    explain: 'New STDF and CSV files in these folders are imported automatically once they have stopped changing for a few seconds.',
    add: 'Add folder…',
    remove: 'Stop watching',
    empty: 'No folders are watched yet.',
    noFiles: 'No test data files in this folder yet.',
    desktopOnly: 'Watch folders need the desktop app. Without it, run the command line instead:',
    command: 'npx yield-monitor watch --workspace DIR FOLDER…',
    more: '… and {count} more files',
    status: {
      settling: 'waiting for the file to finish',
      ready: 'importing…',
      imported: 'imported',
      duplicate: 'already imported',
      failed: 'failed',
      removed: 'removed',
    },
    logImported: '{file}: {rows} rows imported from a watch folder',
    needsMapping: '{file}: columns not recognised; open the file once to map its columns, later files with the same header are then imported automatically',
    failedUnknown: '{file}: import failed',
  },
};

/** English strings of the workspace's import list: removing an import, the sample-data label, opening another workspace folder. */
export default {
  importList: {
    title: 'Imports in this workspace ({count})',
    rows: '{rows} rows',
    refused: 'refused',
    sample: 'Sample data',
    remove: 'Remove',
    confirm: 'Remove {file} and its {rows} rows from the workspace? The views will no longer count them.',
    confirmRemove: 'Remove',
    keep: 'Keep',
    removed: '{file} removed ({rows} rows)',
    sampleNotice: 'This workspace holds sample data: {count} imports from the bundled demo fab, not from your testers.',
    removeSample: 'Remove sample data',
    confirmSample: 'Remove all {count} sample imports ({rows} rows)? Files you imported stay.',
    sampleRemoved: 'Sample data removed ({count} imports)',
    openFolder: 'Switch workspace…',
    openFolderHint: 'Open another workspace folder; the app restarts on it and opens it again next time',
    openFolderUnavailable: 'Only the desktop app can open another workspace folder',
  },
};

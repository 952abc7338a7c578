/** English strings of the SQL console (merged under `sqlConsole`, and its tab under `nav`). */
export default {
  nav: { sql: 'SQL' },
  sqlConsole: {
    schema: 'Tables and views',
    kind: { table: 'table', view: 'view' },
    editor: 'SQL query',
    run: 'Run',
    cancel: 'Cancel',
    timeout: 'Timeout (s)',
    hint: 'Ctrl+Enter runs · read-only · double-click a column to insert it',
    exportCsv: 'Export CSV',
    exportParquet: 'Export Parquet',
    saveName: 'Name to save the query under',
    save: 'Save query',
    remove: 'Remove',
    running: 'Running…',
    rows: '{rows} rows in {seconds} s',
    refusal: {
      empty: 'The query is empty.',
      syntax: 'The query has a syntax error.',
      'multiple-statements': 'Only one statement can run at a time.',
      'not-read-only': 'The console is read-only: {detail} is not allowed.',
      'file-access': 'Refused: {detail} can read files or URLs outside the workspace.',
      timeout: 'The query ran longer than {detail} s and was stopped.',
      cancelled: 'The query was cancelled.',
    },
  },
};

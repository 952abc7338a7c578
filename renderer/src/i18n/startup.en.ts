/** English strings of the startup screen: what the app is doing before the first view (merged under `startup`). */
export default {
  startup: {
    engine: 'Starting the database engine in this browser (duckdb-wasm)…',
    connect: 'Connecting to the workstation’s engine…',
    manifest: 'Reading the workspace manifest…',
    load: 'Loading {table}: {done} of {total} files',
    lock: 'Locking the engine to the workspace folder…',
    where: { page: 'engine: this browser', host: 'engine: native, on the host' },
  },
};

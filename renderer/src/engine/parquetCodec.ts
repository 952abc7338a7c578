import initParquet, { Compression, Table, WriterPropertiesBuilder, readParquet, writeParquet } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetCodec } from '@shared/engine/sqlEngine';

let ready: Promise<unknown> | null = null;

/** Load parquet-wasm (from our own origin) and return the codec the workspace uses. */
export async function loadParquetCodec(): Promise<ParquetCodec> {
  ready ??= initParquet({ module_or_path: parquetWasmUrl });
  await ready;
  return {
    encode: (ipcStream) => writeParquet(Table.fromIPCStream(ipcStream), new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build()),
    decode: (parquet) => readParquet(parquet).intoIPCStream(),
  };
}

import { Compression, Table, WriterPropertiesBuilder, readParquet, writeParquet } from 'parquet-wasm/node';
import type { ParquetCodec } from '../../shared/engine/sqlEngine.ts';

/** The Parquet codec under Node (tests and the CLI), the same library the app uses. */
export const nodeParquetCodec: ParquetCodec = {
  encode: (ipcStream) => writeParquet(Table.fromIPCStream(ipcStream), new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build()),
  decode: (parquet) => readParquet(parquet).intoIPCStream(),
};

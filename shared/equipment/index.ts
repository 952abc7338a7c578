/** Public surface of the equipment module: SML log parsing and equipment-file row validation. */
export * from './smlItem';
export * from './smlEvents';
export * from './sml';
export * from './columns';
export * from './rows';

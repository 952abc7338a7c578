/** Public surface of the statistics module (distributions, tests, yield models, commonality). */
export * from './specialFunctions';
export * from './distributions';
export * from './descriptive';
export * from './groupTests';
export * from './contingency';
export * from './multipleTesting';
export * from './yieldModels';
export * from './commonality';

/** Public surface of the statistics module (distributions, tests, PAT, yield models, commonality). */
export * from './specialFunctions';
export * from './distributions';
export * from './descriptive';
export * from './groupTests';
export * from './contingency';
export * from './multipleTesting';
export * from './pat';
export * from './yieldModels';
export * from './commonality';

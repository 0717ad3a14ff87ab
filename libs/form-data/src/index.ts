export * from './agreement';
export * from './form-data';
export * from './operation-data';
export * from './shown-values';

export * from './ids';
export * from './names';
export * from './crn';
export * from './cfu';
export * from './page-token';
export * from './statement-lifecycle';
export * from './label-selector';

export * from './engine-commands';
export * from './engine-reports';
export * from './transport';

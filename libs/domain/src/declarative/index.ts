export * from './stack-schema';
export * from './stack';
export * from './live-state';
export * from './statement-evolution';
export * from './statefulness';
export * from './carry-over';
export * from './plan';
export * from './render';

export * from './api-exposure';
export * from './config';
export * from './config.module';
export * from './hop-trace';
export * from './process';

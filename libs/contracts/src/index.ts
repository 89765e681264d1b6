export * from './message';
export * from './engine-commands';
export * from './engine-reports';
export * from './outbox';
export * from './transport';
export * from './notification-queue';

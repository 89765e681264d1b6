export * from './engine-error';
export * from './sql-gateway';
export * from './flink-rest';
export * from './scram-admin';

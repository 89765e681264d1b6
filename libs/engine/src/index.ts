export * from './engine-error';
export * from './sql-gateway';
export * from './flink-rest';
export * from './kafka-admin';
export * from './scram-admin';

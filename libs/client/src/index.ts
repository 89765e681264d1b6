export type { paths, components, operations } from './generated/openapi';
export * from './client';

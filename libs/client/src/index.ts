export type { paths, components, operations } from './generated/openapi.generated';
export * from './client';

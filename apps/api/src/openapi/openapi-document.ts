import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface OperationObject {
  operationId: string;
  parameters?: (ParameterObject | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref?: string } }> };
  security?: unknown[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown> & { parameters?: (ParameterObject | { $ref: string })[] }>;
  components: { parameters: Record<string, ParameterObject>; schemas: Record<string, unknown> };
  [key: string]: unknown;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The contract, read once from openapi/openapi.yaml at the repository root. */
export function loadOpenApiDocument(): OpenApiDocument {
  // dist/apps/api/src/openapi → repository root is five levels up; source tree is four.
  const candidates = [
    join(__dirname, '../../../../../openapi/openapi.yaml'),
    join(__dirname, '../../../../openapi/openapi.yaml'),
  ];
  for (const path of candidates) {
    try {
      return parse(readFileSync(path, 'utf8')) as OpenApiDocument;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error(`openapi/openapi.yaml not found (looked in ${candidates.join(', ')})`);
}

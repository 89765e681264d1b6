import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlOneByte } from './one-byte-yaml';

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

const DOCUMENTED_CRN_AUTHORITY = 'crn://confluent\\.cloud';

/** `value` with every `pattern` string below it rewritten by `rewrite`. */
function mapPatterns(value: unknown, rewrite: (pattern: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapPatterns(v, rewrite));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 'pattern' && typeof v === 'string' ? rewrite(v) : mapPatterns(v, rewrite),
    ]),
  );
}

/**
 * The document as this deployment serves it: CRN patterns name its configured authority (the
 * file is written for the default, confluent.cloud), so the schema refuses exactly what the
 * server does.
 */
export function withCrnAuthority(document: OpenApiDocument, authority: string): OpenApiDocument {
  const escaped = `crn://${authority.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  return mapPatterns(document, (p) => p.replaceAll(DOCUMENTED_CRN_AUTHORITY, escaped)) as OpenApiDocument;
}

/** The contract, read once from openapi/openapi.yaml at the repository root. */
export function loadOpenApiDocument(): OpenApiDocument {
  // dist/apps/api/src/openapi → repository root is five levels up; source tree is four.
  const candidates = [
    join(__dirname, '../../../../../openapi/openapi.yaml'),
    join(__dirname, '../../../../openapi/openapi.yaml'),
  ];
  for (const path of candidates) {
    try {
      return parseYamlOneByte(readFileSync(path, 'utf8')) as OpenApiDocument;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error(`openapi/openapi.yaml not found (looked in ${candidates.join(', ')})`);
}

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ApiError, type ErrorItem } from '../common/api-error';
import { HTTP_METHODS, type OpenApiDocument, type OperationObject, type ParameterObject } from './openapi-document';

const DOC_ID = 'cflink-openapi';
const MAX_REPORTED_ERRORS = 10;
/** No request schema nests deeper than this; deeper bodies are refused before any recursion. */
const MAX_BODY_DEPTH = 32;

interface CompiledOperation {
  method: string;
  path: string;
  public: boolean;
  query: ValidateFunction;
  params: ValidateFunction;
  body?: ValidateFunction;
  bodyRequired: boolean;
}

export interface RawRequest {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface ValidRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * Compiles the request schemas of every operation in the document (JSON Schema 2020-12, as
 * OpenAPI 3.1 uses) and validates requests against them, reporting each problem with the
 * JSON Pointer (body) or parameter name it concerns.
 */
export class RequestValidator {
  private readonly operations = new Map<string, CompiledOperation>();

  constructor(readonly document: OpenApiDocument) {
    const body = new Ajv2020({ allErrors: true, strict: false, verbose: true });
    const params = new Ajv2020({ allErrors: true, strict: false, verbose: true, coerceTypes: true, useDefaults: true });
    for (const ajv of [body, params]) {
      addFormats(ajv);
      ajv.addSchema(document, DOC_ID);
    }
    const globalSecurity = (document.security as unknown[] | undefined) ?? [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method] as OperationObject | undefined;
        if (!op) continue;
        const all = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => this.resolve(p));
        // Every content type of a body names the same schema (JSON Patch bodies also come as +json).
        const bodyRef = op.requestBody && Object.values(op.requestBody.content)[0]?.schema.$ref;
        if (op.requestBody && !bodyRef)
          throw new Error(`${op.operationId}: request bodies must $ref a component schema`);
        this.operations.set(op.operationId, {
          method: method.toUpperCase(),
          path,
          public: (op.security ?? globalSecurity).length === 0,
          query: params.compile(objectSchema(all.filter((p) => p.in === 'query'))),
          params: params.compile(objectSchema(all.filter((p) => p.in === 'path'))),
          body: bodyRef ? body.compile({ $ref: `${DOC_ID}${bodyRef}` }) : undefined,
          bodyRequired: op.requestBody?.required ?? false,
        });
      }
    }
  }

  operation(operationId: string): { method: string; path: string; public: boolean } | undefined {
    return this.operations.get(operationId);
  }

  operationIds(): string[] {
    return [...this.operations.keys()];
  }

  validate(operationId: string, request: RawRequest): ValidRequest {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`operation ${operationId} is not in the OpenAPI document`);
    if (nestingDepth(request.body) > MAX_BODY_DEPTH) {
      throw ApiError.badRequest(`The request body is nested deeper than ${MAX_BODY_DEPTH} levels.`, { pointer: '' });
    }
    const items: ErrorItem[] = [
      ...unstorableStrings(request.params, '', 'parameter'),
      ...unstorableStrings(request.query, '', 'parameter'),
      ...unstorableStrings(request.body, '', 'pointer'),
    ];
    if (items.length > 0) throw new ApiError(400, items.slice(0, MAX_REPORTED_ERRORS));
    const params = { ...request.params };
    if (!op.params(params)) items.push(...toItems(op.params.errors, 'parameter'));
    const query = { ...request.query };
    if (!op.query(query)) items.push(...toItems(op.query.errors, 'parameter'));
    if (op.body) {
      if (request.body === undefined || request.body === null) {
        if (op.bodyRequired) {
          items.push({
            code: 'invalid_request',
            detail: 'A JSON request body is required (Content-Type: application/json).',
            source: { pointer: '' },
          });
        }
      } else if (!op.body(request.body)) {
        items.push(...toItems(op.body.errors, 'pointer'));
      }
    }
    if (items.length > 0) throw new ApiError(400, dedupe(items).slice(0, MAX_REPORTED_ERRORS));
    return { params: params as Record<string, string>, query, body: request.body };
  }

  private resolve(p: ParameterObject | { $ref: string }): ParameterObject {
    if ('$ref' in p) {
      const name = p.$ref.replace('#/components/parameters/', '');
      const resolved = this.document.components.parameters[name];
      if (!resolved) throw new Error(`unresolved parameter ${p.$ref}`);
      return resolved;
    }
    return p;
  }
}

/** Depth of the deepest array or object in `value`, measured without recursion. */
function nestingDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, depth + 1);
    if (max > MAX_BODY_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

/**
 * Text PostgreSQL cannot store (NUL characters) or that is not Unicode (lone surrogates) is
 * refused up front, wherever it appears, instead of failing deep in the database driver.
 */
function unstorableStrings(value: unknown, path: string, kind: 'pointer' | 'parameter'): ErrorItem[] {
  if (typeof value === 'string') {
    if (!value.includes('\u0000') && value.isWellFormed()) return [];
    const where =
      kind === 'parameter'
        ? `Parameter "${path.slice(1)}"`
        : path
          ? `Field ${path.slice(1).replace(/\//g, '.')}`
          : 'The body';
    return [
      {
        code: 'invalid_request',
        detail: `${where} contains a NUL character or malformed Unicode; send valid UTF-8 text without NUL.`,
        source: kind === 'parameter' ? { parameter: path.slice(1) } : { pointer: path },
      },
    ];
  }
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([key, v]) => [
    ...(kind === 'pointer' ? unstorableStrings(key, `${path}/~key`, kind) : []),
    ...unstorableStrings(v, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, kind),
  ]);
}

function objectSchema(parameters: ParameterObject[]) {
  return {
    type: 'object',
    // A parameter schema may $ref a component: resolve it against the document.
    properties: Object.fromEntries(
      parameters.map((p) => [
        p.name,
        typeof p.schema?.$ref === 'string' ? { $ref: `${DOC_ID}${p.schema.$ref}` } : (p.schema ?? { type: 'string' }),
      ]),
    ),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

function describe(error: ErrorObject): string {
  const schema = error.parentSchema as { description?: string } | undefined;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      // A map with a closed set of keys (statement properties) says which keys it takes.
      return schema?.description
        ? `is not supported. ${schema.description.replace(/\.$/, '')}`
        : 'is not a known field; remove it';
    case 'enum':
      return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
    case 'pattern':
      return schema?.description
        ? `is invalid: ${schema.description.replace(/\.$/, '')}`
        : `must match ${(error.params as { pattern: string }).pattern}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function toItems(errors: ErrorObject[] | null | undefined, kind: 'pointer' | 'parameter'): ErrorItem[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf')
    .map((e) => {
      let path = e.instancePath;
      if (e.keyword === 'required') path += `/${(e.params as { missingProperty: string }).missingProperty}`;
      if (e.keyword === 'additionalProperties')
        path += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
      if (kind === 'parameter') {
        const name = path.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~');
        return { code: 'invalid_request', detail: `Parameter "${name}" ${describe(e)}.`, source: { parameter: name } };
      }
      const field = path === '' ? 'The request body' : `Field ${path.slice(1).replace(/\//g, '.')}`;
      return { code: 'invalid_request', detail: `${field} ${describe(e)}.`, source: { pointer: path } };
    });
}

function dedupe(items: ErrorItem[]): ErrorItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.detail}|${i.source?.pointer}|${i.source?.parameter}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Checks every response the e2e tests receive through the typed client against the response
 * schema its operation declares in openapi/openapi.yaml (status code, content type and body), so
 * the whole suite doubles as a test that the server keeps its side of the contract.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Middleware } from 'openapi-fetch';
import { loadOpenApiDocument } from '#api/openapi/openapi-document';

type Response = { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> };
type Responses = Record<string, Response>;

const doc = loadOpenApiDocument();
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(doc, 'doc');
const compiled = new Map<string, ValidateFunction | null>();

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Timestamps on the wire are UTC with milliseconds (`…T12:00:00.123Z`), wherever they appear. */
function timestampsWithoutMillis(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return TIMESTAMP.test(value) && !/\.\d{3}Z$/.test(value) ? [`${path}: ${value}`] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => timestampsWithoutMillis(v, `${path}/${k}`));
}

/** Responses checked so far, for tests that want to see the check was exercised. */
export const checkedResponses = { count: 0 };

function validatorFor(path: string, method: string, status: number): ValidateFunction | null | undefined {
  const key = `${method} ${path} ${status}`;
  if (compiled.has(key)) return compiled.get(key);
  const op = (doc.paths[path]?.[method] as { responses?: Responses } | undefined)?.responses;
  if (!op) return undefined;
  let declared = op[String(status)] ?? op.default;
  if (!declared) return undefined;
  if (declared.$ref) {
    const name = declared.$ref.replace('#/components/responses/', '');
    declared = (doc.components as unknown as { responses: Record<string, Response> }).responses[name];
  }
  const schema = declared.content?.['application/json']?.schema;
  // `$ref`s are resolved against the document; a response without content must be empty.
  const fn = schema ? ajv.compile(schema.$ref ? { $ref: `doc${schema.$ref}` } : schema) : null;
  compiled.set(key, fn);
  return fn;
}

export const responseContract: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const method = request.method.toLowerCase();
    const where = `${request.method} ${schemaPath} → ${response.status}`;
    const validate = validatorFor(schemaPath, method, response.status);
    if (validate === undefined) throw new Error(`${where}: status not declared in the OpenAPI document`);
    const text = await response.clone().text();
    if (validate === null) {
      if (text.length > 0) throw new Error(`${where}: declared without a body, got ${text.slice(0, 200)}`);
    } else {
      if (!/^application\/json/.test(response.headers.get('content-type') ?? '')) {
        throw new Error(`${where}: content type ${response.headers.get('content-type')}`);
      }
      const body: unknown = JSON.parse(text);
      if (!validate(body)) {
        throw new Error(`${where}: body does not match its schema: ${ajv.errorsText(validate.errors)}`);
      }
      const coarse = timestampsWithoutMillis(body);
      if (coarse.length > 0) throw new Error(`${where}: timestamps without milliseconds: ${coarse.join(', ')}`);
    }
    checkedResponses.count += 1;
    return undefined;
  },
};

import { isDeepStrictEqual } from 'node:util';

/**
 * JSON Patch (RFC 6902) over plain JSON values, with Confluent's upper-case op names and the
 * RFC's lower-case ones. Pure: the document is copied, never changed in place.
 */
export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

export class JsonPatchError extends Error {
  constructor(
    /** Index of the failing operation in the patch. */
    readonly index: number,
    /** `test` when a TEST op did not hold, `invalid` when the op cannot apply to the document. */
    readonly kind: 'test' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** The reference tokens of a JSON Pointer (RFC 6901); '' is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON Pointer: it must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: Json): value is Container {
  return typeof value === 'object' && value !== null;
}

function arrayIndex(array: Json[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new Error(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > array.length || (!forInsert && index === array.length)) throw new Error(`index ${index} is out of range`);
  return index;
}

function get(doc: Json, tokens: string[]): Json {
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false)];
    else if (isContainer(node) && Object.hasOwn(node, token)) node = (node as Record<string, Json>)[token];
    else throw new Error('no value there');
  }
  return node;
}

/** The container holding the pointer's last token, and that token. */
function parentOf(doc: Json, tokens: string[]): [Container, string] {
  const parent = get(doc, tokens.slice(0, -1));
  if (!isContainer(parent)) throw new Error('its parent is not an object or array');
  return [parent, tokens[tokens.length - 1]];
}

function add(doc: Json, tokens: string[], value: Json): Json {
  if (tokens.length === 0) return value;
  const [parent, token] = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, token, true), 0, value);
  else parent[token] = value;
  return doc;
}

function remove(doc: Json, tokens: string[]): Json {
  if (tokens.length === 0) throw new Error('the whole document cannot be removed');
  const [parent, token] = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, token, false), 1);
  else if (Object.hasOwn(parent, token)) delete parent[token];
  else throw new Error('no value there');
  return doc;
}

/** `doc` with `operations` applied in order, all or none; throws JsonPatchError naming the failing one. */
export function applyJsonPatch(doc: Json, operations: readonly JsonPatchOperation[]): Json {
  let result: Json = structuredClone(doc);
  operations.forEach((operation, index) => {
    const op = operation.op.toLowerCase();
    try {
      const path = parsePointer(operation.path);
      switch (op) {
        case 'add':
          result = add(result, path, structuredClone(operation.value));
          break;
        case 'replace':
          get(result, path);
          result =
            path.length === 0
              ? structuredClone(operation.value)
              : add(remove(result, path), path, structuredClone(operation.value));
          break;
        case 'remove':
          result = remove(result, path);
          break;
        case 'move':
        case 'copy': {
          const from = parsePointer(operation.from ?? '');
          if (op === 'move' && path.length > from.length && from.every((t, i) => t === path[i])) {
            throw new Error('a value cannot be moved into itself');
          }
          const value = structuredClone(get(result, from));
          if (op === 'move') result = remove(result, from);
          result = add(result, path, value);
          break;
        }
        case 'test': {
          let actual: Json;
          try {
            actual = get(result, path);
          } catch {
            throw new JsonPatchError(index, 'test', `TEST of ${operation.path} failed: it has no value`);
          }
          if (!isDeepStrictEqual(actual, operation.value)) {
            throw new JsonPatchError(
              index,
              'test',
              `TEST of ${operation.path} failed: it is ${JSON.stringify(actual)}, not ${JSON.stringify(operation.value)}`,
            );
          }
          break;
        }
        default:
          throw new Error(`unknown op "${operation.op}"`);
      }
    } catch (e) {
      if (e instanceof JsonPatchError) throw e;
      throw new JsonPatchError(
        index,
        'invalid',
        `${operation.op.toUpperCase()} ${operation.path}: ${(e as Error).message}`,
      );
    }
  });
  return result;
}

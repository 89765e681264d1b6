/**
 * A message between processes: one runtime schema per version, read only through `read`, so
 * the reader decides what it accepts (known versions, no unknown fields, bounded size) before
 * anything is applied. Reasons name fields and rules, never values: messages carry user data.
 */
import { z } from 'zod';

export type MessageRead<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface MessageContract<T> {
  readonly name: string;
  readonly versions: readonly number[];
  /** Parses a raw body (Kafka value, JSON text) or an already deserialized value (BullMQ data, jsonb). */
  read(raw: Buffer | string | unknown): MessageRead<T>;
}

const MAX_ISSUES = 3;
const MAX_REASON_PART = 120;

function clip(text: string, limit = MAX_REASON_PART): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** "path: rule" for the first few issues; zod's messages name the rule, not the rejected value. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.');
    return clip(path ? `${path}: ${issue.message}` : issue.message);
  });
  const more = issues.length > MAX_ISSUES ? ` (+${issues.length - MAX_ISSUES} more)` : '';
  return parts.join('; ') + more;
}

function byteLength(raw: Buffer | string | unknown): number {
  if (Buffer.isBuffer(raw)) return raw.length;
  if (typeof raw === 'string') return Buffer.byteLength(raw);
  return Buffer.byteLength(JSON.stringify(raw) ?? '');
}

/**
 * Declares a message: `schemas` maps each version a reader accepts to its schema; every
 * schema has `version` as a literal field, so the value says which one it is.
 */
export function defineMessage<S extends Record<number, z.ZodType<{ version: number }>>>(
  name: string,
  maxBytes: number,
  schemas: S,
): MessageContract<z.output<S[keyof S]>> {
  const versions = Object.keys(schemas).map(Number);
  return {
    name,
    versions,
    read(raw) {
      try {
        return readVersioned(raw);
      } catch {
        // e.g. a nesting deep enough to exhaust the stack
        return { ok: false, reason: `${name} could not be validated` };
      }
    },
  };

  function readVersioned(raw: unknown): MessageRead<z.output<S[keyof S]>> {
    const size = byteLength(raw);
    if (size > maxBytes) return { ok: false, reason: `${name} of ${size} bytes exceeds ${maxBytes}` };
    let value: unknown = raw;
    if (Buffer.isBuffer(raw) || typeof raw === 'string') {
      try {
        value = JSON.parse(raw.toString());
      } catch {
        return { ok: false, reason: `${name} is not JSON` };
      }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, reason: `${name} is not an object` };
    }
    const version = (value as { version?: unknown }).version;
    if (typeof version !== 'number' || !versions.includes(version)) {
      const shown = typeof version === 'number' ? String(version) : typeof version;
      return { ok: false, reason: `${name} has unknown version ${clip(shown, 20)} (known: ${versions.join(', ')})` };
    }
    const parsed = schemas[version].safeParse(value);
    if (!parsed.success) return { ok: false, reason: `${name} v${version}: ${describeIssues(parsed.error.issues)}` };
    return { ok: true, value: parsed.data as z.output<S[keyof S]> };
  }
}

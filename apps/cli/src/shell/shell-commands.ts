/**
 * The statements the shell answers itself, as Confluent's shell does: `SET`/`RESET` of session
 * keys (`sql.*` statement properties and `client.*` shell settings) and `USE [CATALOG]`.
 * Everything else is sent to the API as a statement.
 */
import { keywordsAt, nameAt, tokenize, type SqlToken } from '#domain';

export type ShellCommand =
  | { kind: 'set'; key: string; value: string }
  | { kind: 'show-settings' }
  | { kind: 'reset'; key?: string }
  | { kind: 'use'; catalog?: string; database?: string }
  | { kind: 'quit' }
  | { kind: 'invalid'; message: string }
  | { kind: 'sql' };

const isString = (t: SqlToken | undefined): t is SqlToken & { type: 'string' } => t?.type === 'string';

export function parseShellCommand(statement: string): ShellCommand {
  const t = tokenize(statement);
  if (t.length === 1 && (keywordsAt(t, 0, 'QUIT') || keywordsAt(t, 0, 'EXIT'))) return { kind: 'quit' };
  if (keywordsAt(t, 0, 'SET')) {
    if (t.length === 1) return { kind: 'show-settings' };
    if (t.length === 4 && isString(t[1]) && t[2].text === '=' && isString(t[3])) {
      return { kind: 'set', key: t[1].text, value: t[3].text };
    }
    return { kind: 'invalid', message: "Use SET 'key' = 'value' (both quoted), or SET alone to list the settings." };
  }
  if (keywordsAt(t, 0, 'RESET')) {
    if (t.length === 1) return { kind: 'reset' };
    if (t.length === 2 && isString(t[1])) return { kind: 'reset', key: t[1].text };
    return { kind: 'invalid', message: "Use RESET 'key', or RESET alone to clear every setting." };
  }
  if (keywordsAt(t, 0, 'USE')) {
    const catalog = keywordsAt(t, 1, 'CATALOG');
    const name = nameAt(t, catalog ? 2 : 1);
    if (!name || name.next !== t.length || name.name.length > (catalog ? 1 : 2)) {
      return {
        kind: 'invalid',
        message: 'Use USE CATALOG <environment>, USE <database> or USE <environment>.<database>.',
      };
    }
    if (catalog) return { kind: 'use', catalog: name.name[0] };
    return name.name.length === 2
      ? { kind: 'use', catalog: name.name[0], database: name.name[1] }
      : { kind: 'use', database: name.name[0] };
  }
  return { kind: 'sql' };
}

/** The shell's own settings; any other `client.*` key is refused. */
export const CLIENT_KEYS: Readonly<Record<string, { about: string; check: (v: string) => string | undefined }>> = {
  'client.statement-name': {
    about: 'name of the next statement (used once)',
    check: (v) =>
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v) && v.length <= 100
        ? undefined
        : 'lower-case letters, digits, - and ., at most 100 characters',
  },
  'client.service-account': {
    about: 'principal statements run as',
    check: (v) => (/^(sa|u)-\w+$/.test(v) ? undefined : 'a sa-… or u-… id'),
  },
  'client.output-format': {
    about: 'standard (live table) or plain (changelog lines)',
    check: (v) => (v === 'standard' || v === 'plain' ? undefined : "'standard' or 'plain'"),
  },
  'client.results-timeout': {
    about: 'milliseconds to wait for a statement to start',
    check: (v) => (/^\d{1,9}$/.test(v) ? undefined : 'milliseconds'),
  },
};

export class ShellSettings {
  readonly values = new Map<string, string>();

  /** Sets a key; returns why it was refused, if it was. */
  set(key: string, value: string): string | undefined {
    if (key.startsWith('client.')) {
      const rule = CLIENT_KEYS[key];
      if (!rule) return `Unknown client key '${key}': use one of ${Object.keys(CLIENT_KEYS).join(', ')}.`;
      const wrong = rule.check(value);
      if (wrong) return `'${key}' must be ${wrong}.`;
    } else if (!key.startsWith('sql.')) {
      return `Only sql.* statement properties and client.* shell settings can be set, not '${key}'.`;
    }
    this.values.set(key, value);
    return undefined;
  }

  reset(key?: string): void {
    if (key === undefined) this.values.clear();
    else this.values.delete(key);
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** The `sql.*` keys: the properties of every statement the shell submits. */
  properties(): Record<string, string> {
    return Object.fromEntries([...this.values].filter(([k]) => k.startsWith('sql.')));
  }

  /** `client.statement-name` applies to one statement only. */
  takeStatementName(): string | undefined {
    const name = this.values.get('client.statement-name');
    this.values.delete('client.statement-name');
    return name;
  }
}

import { isPrincipalId, stackSchema, type Stack } from './stack-schema';

/** A problem in the stack file(s), with the path of the offending value (`statements.copy.compute_pool`). */
export interface StackProblem {
  path: string;
  message: string;
  /** The file it was found in, when known. */
  source?: string;
}

export type StackVerdict = { ok: true; stack: Stack } | { ok: false; problems: StackProblem[] };

/** One parsed YAML document and the file it came from. */
export interface StackFragment {
  source: string;
  document: unknown;
}

export interface StackOptions {
  /** A key of `stages`: its values override `variables`. */
  stage?: string;
  /** `--var name=value` values: override both. */
  variables?: Readonly<Record<string, string>>;
}

const SECTIONS = ['environments', 'compute_pools', 'service_accounts', 'api_keys', 'statements'] as const;
const VAR_REF = /\$\{var\.([A-Za-z0-9_-]+)\}/g;
const WHOLE_VAR_REF = /^\$\{var\.([A-Za-z0-9_-]+)\}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges the documents of a file or directory; a resource defined twice is a problem naming both files. */
function merge(fragments: readonly StackFragment[], problems: StackProblem[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const origin = new Map<string, string>();
  for (const { source, document } of fragments) {
    if (document === null || document === undefined) continue;
    if (!isObject(document)) {
      problems.push({ path: '', source, message: 'a stack document must be a mapping' });
      continue;
    }
    for (const [section, value] of Object.entries(document)) {
      const mapSection =
        (SECTIONS as readonly string[]).includes(section) || section === 'variables' || section === 'stages';
      if (mapSection && isObject(value)) {
        const into = (merged[section] ??= {}) as Record<string, unknown>;
        for (const [name, item] of Object.entries(value)) {
          const where = `${section}.${name}`;
          if (origin.has(where)) {
            problems.push({ path: where, source, message: `is also defined in ${origin.get(where)}` });
            continue;
          }
          origin.set(where, source);
          into[name] = item;
        }
      } else if (section === 'role_bindings' && Array.isArray(value)) {
        merged.role_bindings = [...((merged.role_bindings as unknown[]) ?? []), ...value];
      } else if (section in merged && section === 'stack' && merged.stack !== value) {
        problems.push({
          path: 'stack',
          source,
          message: `names stack '${String(value)}' but another file names '${String(merged.stack)}'`,
        });
      } else if (section in merged && section !== 'stack') {
        problems.push({ path: section, source, message: `is also defined in another file` });
      } else {
        merged[section] = value;
      }
    }
  }
  return merged;
}

/** Replaces `${var.name}` in every string below `value`; a string that is only a reference keeps the variable's type. */
function interpolate(
  value: unknown,
  vars: Readonly<Record<string, string | number | boolean>>,
  path: string,
  problems: StackProblem[],
): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_VAR_REF.exec(value);
    if (whole) {
      if (!(whole[1] in vars)) {
        problems.push({ path, message: `uses \${var.${whole[1]}}, which no variable, stage or --var defines` });
        return value;
      }
      return vars[whole[1]];
    }
    return value.replace(VAR_REF, (ref, name: string) => {
      if (!(name in vars)) {
        problems.push({ path, message: `uses ${ref}, which no variable, stage or --var defines` });
        return ref;
      }
      return String(vars[name]);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, vars, `${path}[${i}]`, problems));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, path ? `${path}.${k}` : k, problems)]),
    );
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Every reference by key must name a resource of the stack, and pools and statements must agree on environments. */
function checkReferences(stack: Stack): StackProblem[] {
  const problems: StackProblem[] = [];
  const need = (path: string, section: keyof Stack, name: string) => {
    const items = stack[section] as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(items, name)) {
      const known = Object.keys(items);
      problems.push({
        path,
        message: `names ${section.replace(/s$/, '').replace('_', ' ')} '${name}', which this stack does not define${known.length ? ` (it defines ${known.join(', ')})` : ''}`,
      });
      return false;
    }
    return true;
  };
  const principal = (path: string, value: string) => {
    if (!isPrincipalId(value)) need(path, 'service_accounts', value);
  };
  for (const [name, pool] of Object.entries(stack.compute_pools)) {
    need(`compute_pools.${name}.environment`, 'environments', pool.environment);
  }
  for (const [name, st] of Object.entries(stack.statements)) {
    need(`statements.${name}.environment`, 'environments', st.environment);
    if (need(`statements.${name}.compute_pool`, 'compute_pools', st.compute_pool)) {
      const poolEnv = stack.compute_pools[st.compute_pool].environment;
      if (poolEnv !== st.environment) {
        problems.push({
          path: `statements.${name}.compute_pool`,
          message: `names pool '${st.compute_pool}' of environment '${poolEnv}', but the statement is in '${st.environment}'`,
        });
      }
    }
    if (st.principal !== undefined) principal(`statements.${name}.principal`, st.principal);
  }
  stack.role_bindings.forEach((rb, i) => {
    const at = `role_bindings[${i}]`;
    principal(`${at}.principal`, rb.principal);
    const on = rb.on;
    if ('environment' in on) need(`${at}.on.environment`, 'environments', on.environment);
    if ('compute_pool' in on) need(`${at}.on.compute_pool`, 'compute_pools', on.compute_pool);
    if ('service_account' in on) need(`${at}.on.service_account`, 'service_accounts', on.service_account);
    if ('topic' in on) need(`${at}.on.topic.environment`, 'environments', on.topic.environment);
  });
  for (const [name, key] of Object.entries(stack.api_keys)) {
    principal(`api_keys.${name}.owner`, key.owner);
    if (typeof key.resource !== 'string') {
      const env =
        'flink_region' in key.resource ? key.resource.flink_region.environment : key.resource.kafka_cluster.environment;
      const field = 'flink_region' in key.resource ? 'flink_region' : 'kafka_cluster';
      if (need(`api_keys.${name}.resource.${field}.environment`, 'environments', env) && field === 'flink_region') {
        const regions = new Set(
          Object.values(stack.compute_pools)
            .filter((p) => p.environment === env)
            .map((p) => `${p.cloud.toLowerCase()}.${p.region}`),
        );
        if (regions.size !== 1) {
          problems.push({
            path: `api_keys.${name}.resource.flink_region`,
            message: `needs exactly one region among environment '${env}''s pools in this stack, found ${regions.size}`,
          });
        }
      }
    }
  }
  const names = (section: 'environments' | 'compute_pools' | 'service_accounts', scope: (v: never) => string) => {
    const seen = new Map<string, string>();
    for (const [k, v] of Object.entries(stack[section])) {
      const id = `${scope(v as never)}/${(v as { display_name?: string }).display_name ?? k}`;
      if (seen.has(id))
        problems.push({ path: `${section}.${k}.display_name`, message: `is the same as ${section}.${seen.get(id)}'s` });
      seen.set(id, k);
    }
  };
  names('environments', () => '');
  names('service_accounts', () => '');
  names('compute_pools', (p: { environment: string }) => p.environment);
  return problems;
}

/** Parses, merges, interpolates and validates stack documents: the stack, or every problem found. */
export function loadStack(fragments: readonly StackFragment[], options: StackOptions = {}): StackVerdict {
  const problems: StackProblem[] = [];
  const merged = merge(fragments, problems);
  if (problems.length) return { ok: false, problems };

  const defaults = isObject(merged.variables) ? merged.variables : {};
  const stages = isObject(merged.stages) ? merged.stages : {};
  if (options.stage !== undefined && !isObject(stages[options.stage])) {
    const known = Object.keys(stages);
    return {
      ok: false,
      problems: [
        {
          path: 'stages',
          message: `has no stage '${options.stage}'${known.length ? ` (stages: ${known.join(', ')})` : ''}`,
        },
      ],
    };
  }
  const vars = {
    ...(defaults as Record<string, string | number | boolean>),
    ...((options.stage !== undefined ? stages[options.stage] : {}) as Record<string, string | number | boolean>),
    ...(options.variables ?? {}),
  };
  const { variables, stages: stageSection, ...rest } = merged;
  const resolved = { ...(interpolate(rest, vars, '', problems) as object), variables, stages: stageSection };
  if (problems.length) return { ok: false, problems };

  const parsed = stackSchema.safeParse(resolved);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        // A bad map key says why through its nested issue.
        message: issue.code === 'invalid_key' && issue.issues[0] ? issue.issues[0].message : issue.message,
      })),
    };
  }
  const refProblems = checkReferences(parsed.data);
  return refProblems.length ? { ok: false, problems: refProblems } : { ok: true, stack: parsed.data };
}

export function formatProblems(problems: readonly StackProblem[]): string {
  return problems.map((p) => `${p.source ? `${p.source}: ` : ''}${p.path || '(top level)'}: ${p.message}`).join('\n');
}

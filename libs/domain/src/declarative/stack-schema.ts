import { z } from 'zod';
import { ROLE_NAMES } from '../rbac';

/**
 * The stack file: what a `cflink plan/apply/destroy` run wants to exist. Resources are maps keyed
 * by a name that is unique within the stack; references between resources use those keys (a pool
 * names its environment's key, a statement its pool's key). The schema is the one source of truth
 * for the file's shape: it validates the parsed YAML with exact paths and is published as JSON
 * Schema (docs/stack.schema.json) for editors.
 */

const KEY = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,62}[A-Za-z0-9])?$/;
/** Statement names as the API takes them, leaving room for a `-vN` generation suffix. */
const STATEMENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ENV_DISPLAY_NAME = /^[0-9A-Za-z]([0-9A-Za-z _-]{0,62}[0-9A-Za-z])?$/;
const POOL_DISPLAY_NAME = /^(?:[0-9A-Za-z-])[\w.-]{0,63}$/;
const PRINCIPAL_ID = /^(u|sa)-[a-z0-9]+$/;

/** How a statement whose SQL or properties change is replaced (docs/declarative.md, "Statement evolution"). */
export const EVOLUTION_STRATEGIES = ['auto', 'carry-over-offsets', 'reprocess'] as const;
export type EvolutionStrategy = (typeof EVOLUTION_STRATEGIES)[number];

const key = (what: string) =>
  z
    .string()
    .regex(KEY, `${what} must be 1-64 letters, digits, "_", "." or "-", starting and ending with a letter or digit`);

const environmentSchema = z
  .strictObject({
    display_name: z
      .string()
      .regex(ENV_DISPLAY_NAME, 'display_name must be letters, digits, spaces, "-" and "_" (at most 64)')
      .optional()
      .describe('Defaults to the key.'),
  })
  .describe('An environment, found on the server by its display name.');

const computePoolSchema = z
  .strictObject({
    display_name: z
      .string()
      .regex(POOL_DISPLAY_NAME, 'display_name must be up to 64 letters, digits, "_", "." and "-"')
      .optional()
      .describe('Defaults to the key.'),
    environment: key('environment').describe('Key of an environment of this stack.'),
    cloud: z.enum(['AWS', 'GCP', 'AZURE']),
    region: z.string().min(1).max(64),
    max_cfu: z.union([z.literal(5), z.literal(10), z.literal(20), z.literal(30), z.literal(40), z.literal(50)], {
      error: 'max_cfu must be 5, 10, 20, 30, 40 or 50',
    }),
  })
  .describe('A compute pool, found by display name within its environment. cloud and region are fixed.');

const serviceAccountSchema = z
  .strictObject({
    display_name: z.string().min(1).max(64).optional().describe('Defaults to the key.'),
    description: z.string().max(512).default(''),
  })
  .describe('A service account, found by display name.');

const principalRef = z
  .string()
  .min(1)
  .describe('Key of a service account of this stack, or an existing principal id (u-… or sa-…).');

/** What a role binding is on: exactly one of these. */
const bindingScope = z.union([
  z.strictObject({ organization: z.literal(true) }),
  z.strictObject({ environment: key('environment') }),
  z.strictObject({ compute_pool: key('compute_pool') }),
  z.strictObject({ service_account: key('service_account') }),
  z.strictObject({
    topic: z.strictObject({
      environment: key('environment'),
      name: z
        .string()
        .regex(
          /^([A-Za-z0-9._-]+\*?|\*)$/,
          'topic name must be letters, digits, ".", "_" or "-", optionally ending in * (or * alone)',
        ),
    }),
  }),
  z.strictObject({ crn_pattern: z.string().regex(/^crn:\/\/.+$/, 'crn_pattern must start with crn://') }),
]);

const roleBindingSchema = z
  .strictObject({
    principal: principalRef,
    role: z.enum(ROLE_NAMES),
    on: bindingScope.describe(
      'organization: true, or environment/compute_pool/service_account: <key>, topic: {environment, name}, or crn_pattern.',
    ),
  })
  .describe('A role binding, identified by principal, role and CRN pattern (created or deleted, never changed).');

const apiKeySchema = z
  .strictObject({
    display_name: z.string().min(1).max(255).optional().describe('Defaults to the key.'),
    description: z.string().max(512).default(''),
    owner: principalRef,
    resource: z
      .union([
        z.literal('cloud'),
        z.strictObject({ flink_region: z.strictObject({ environment: key('environment') }) }),
        z.strictObject({ kafka_cluster: z.strictObject({ environment: key('environment') }) }),
      ])
      .default('cloud')
      .describe(
        "'cloud', {flink_region: {environment}} (the region of the environment's pools) or {kafka_cluster: {environment}}.",
      ),
    secret_file: z
      .string()
      .min(1)
      .optional()
      .describe('Where apply writes "<key>:<secret>" (mode 0600) when it creates the key; otherwise printed once.'),
  })
  .describe('An API key, found by owner and display name. Its secret is never stored by cflink.');

const statementSchema = z
  .strictObject({
    environment: key('environment'),
    compute_pool: key('compute_pool'),
    principal: principalRef.optional().describe('Defaults to the owner of the API key that applies the stack.'),
    sql: z.string().min(1).max(131072),
    properties: z.record(z.string(), z.string()).default({}),
    stopped: z.boolean().default(false),
    evolution: z
      .enum(EVOLUTION_STRATEGIES)
      .default('auto')
      .describe('What a change of sql or properties does: see docs/declarative.md.'),
  })
  .describe('A statement; its key is its name in the environment.');

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const stackSchema = z
  .strictObject({
    stack: key('stack').describe('Name of the stack; recorded on its statements as the label cflink.io/stack.'),
    variables: z.record(z.string(), scalar).default({}).describe('Default values of ${var.<name>}.'),
    stages: z
      .record(key('stage'), z.record(z.string(), scalar))
      .default({})
      .describe('Per-stage variable values, chosen with --stage.'),
    environments: z.record(key('environment'), environmentSchema).default({}),
    compute_pools: z.record(key('compute_pool'), computePoolSchema).default({}),
    service_accounts: z.record(key('service_account'), serviceAccountSchema).default({}),
    role_bindings: z.array(roleBindingSchema).default([]),
    api_keys: z.record(key('api_key'), apiKeySchema).default({}),
    statements: z
      .record(
        z
          .string()
          .max(96)
          .regex(STATEMENT_NAME, 'statement names are lower-case letters, digits and "-", in "."-separated segments'),
        statementSchema,
      )
      .default({}),
  })
  .describe('A cflink stack (docs/declarative.md).');

export type Stack = z.output<typeof stackSchema>;
export type StackEnvironment = Stack['environments'][string];
export type StackComputePool = Stack['compute_pools'][string];
export type StackServiceAccount = Stack['service_accounts'][string];
export type StackRoleBinding = Stack['role_bindings'][number];
export type StackApiKey = Stack['api_keys'][string];
export type StackStatement = Stack['statements'][string];

export function isPrincipalId(value: string): boolean {
  return PRINCIPAL_ID.test(value);
}

/** The JSON Schema of the stack file, for editors (published as docs/stack.schema.json). */
export function stackJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://cflink.dev/schemas/stack.schema.json',
    title: 'cflink stack',
    ...z.toJSONSchema(stackSchema, { io: 'input', target: 'draft-2020-12' }),
  };
}

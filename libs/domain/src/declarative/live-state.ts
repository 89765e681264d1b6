/**
 * What the server holds, as the planner compares it: read from the live API before every plan
 * (no local state file). Resources are matched to the stack by name: environments and service
 * accounts by display name, pools by display name within their environment, API keys by owner
 * and display name, role bindings by (principal, role, CRN pattern) and statements by the labels
 * the stack recorded on them when it created them.
 */

export const STACK_LABEL = 'cflink.io/stack';
export const STACK_STATEMENT_LABEL = 'cflink.io/statement';
export const GENERATION_LABEL = 'cflink.io/generation';

export interface LiveEnvironment {
  id: string;
  display_name: string;
}

export interface LiveComputePool {
  id: string;
  display_name: string;
  environment_id: string;
  cloud: string;
  region: string;
  max_cfu: number;
}

export interface LiveServiceAccount {
  id: string;
  display_name: string;
  description: string;
}

export interface LiveRoleBinding {
  id: string;
  principal: string;
  role_name: string;
  crn_pattern: string;
}

export interface LiveApiKey {
  id: string;
  display_name: string;
  description: string;
  owner_id: string;
  resource_id: string;
  resource_environment?: string;
}

export interface LiveStatementRecord {
  environment_id: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  sql: string;
  properties: Readonly<Record<string, string>>;
  compute_pool_id: string;
  principal: string;
  stopped: boolean;
  phase: string;
  detail?: string;
}

export interface LiveState {
  /** `crn://<authority>/organization=<id>`: the prefix of every CRN a binding names. */
  organizationCrn: string;
  environments: LiveEnvironment[];
  computePools: LiveComputePool[];
  serviceAccounts: LiveServiceAccount[];
  roleBindings: LiveRoleBinding[];
  apiKeys: LiveApiKey[];
  /** The stack's statements (those labelled with its name) in the environments that exist. */
  statements: LiveStatementRecord[];
}

export function emptyLiveState(organizationCrn: string): LiveState {
  return {
    organizationCrn,
    environments: [],
    computePools: [],
    serviceAccounts: [],
    roleBindings: [],
    apiKeys: [],
    statements: [],
  };
}

/** The generation a statement's labels record (1 when absent or malformed). */
export function generationOf(labels: Readonly<Record<string, string>>): number {
  const n = Number(labels[GENERATION_LABEL]);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

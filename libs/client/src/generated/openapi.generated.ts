// Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit.
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness of the API and its database (Redis is reported but not required) */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness of the API process (no dependency checks) */
    get: operations['getLiveness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/org/v2/organizations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the caller's organization */
    get: operations['listOrganizations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/org/v2/organizations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** Read an organization */
    get: operations['getOrganization'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Rename the caller's organization (OrganizationAdmin) */
    patch: operations['updateOrganization'];
    trace?: never;
  };
  '/org/v2/environments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List environments */
    get: operations['listEnvironments'];
    put?: never;
    /** Create an environment */
    post: operations['createEnvironment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/org/v2/environments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** Read an environment */
    get: operations['getEnvironment'];
    put?: never;
    post?: never;
    /** Delete an environment (refused with 409 while it holds compute pools or statements) */
    delete: operations['deleteEnvironment'];
    options?: never;
    head?: never;
    /** Update an environment */
    patch: operations['updateEnvironment'];
    trace?: never;
  };
  '/fcpm/v2/regions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the Flink regions this deployment serves */
    get: operations['listRegions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/fcpm/v2/regions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The region id, `<cloud>.<region>` in lower case, e.g. aws.us-east-1. */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Read a Flink region (the URL its metadata.self names)
     * @description A cflink addition to fcpm/v2, which lists regions only: every region's `metadata.self`
     *     points here, so the URL answers with the same object the list shows.
     */
    get: operations['getRegion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/fcpm/v2/compute-pools': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List compute pools of an environment */
    get: operations['listComputePools'];
    put?: never;
    /** Create a compute pool */
    post: operations['createComputePool'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/fcpm/v2/compute-pools/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** Read a compute pool */
    get: operations['getComputePool'];
    put?: never;
    post?: never;
    /** Delete a compute pool; its statements are stopped, not deleted */
    delete: operations['deleteComputePool'];
    options?: never;
    head?: never;
    /** Update a compute pool (display_name, max_cfu increase, default_pool) */
    patch: operations['updateComputePool'];
    trace?: never;
  };
  '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
      };
      cookie?: never;
    };
    /** List statements of an environment */
    get: operations['listStatements'];
    put?: never;
    /** Submit a statement */
    post: operations['createStatement'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        statement_name: string;
      };
      cookie?: never;
    };
    /** Read a statement */
    get: operations['getStatement'];
    /**
     * Stop or resume a statement, or change its labels (optimistic concurrency on metadata.resource_version)
     * @description Send back the statement as read, with `spec.stopped` toggled. On resume (true → false)
     *     `spec.compute_pool_id` and `spec.principal` may change too. `metadata.labels` and
     *     `spec.scaling.baseline_cfu` (used when the statement next starts) may change at any time.
     *     The SQL text and properties never change. A stale `metadata.resource_version` is refused
     *     with 409.
     */
    put: operations['updateStatement'];
    post?: never;
    /** Delete a statement */
    delete: operations['deleteStatement'];
    options?: never;
    head?: never;
    /**
     * Change a statement with a JSON Patch (RFC 6902)
     * @description The operations apply, in order and all or none, to the statement as GET shows it. Op names
     *     are Confluent's upper-case ones (`ADD`, `REPLACE`, `REMOVE`, `MOVE`, `COPY`, `TEST`); the
     *     lower-case RFC 6902 spellings are accepted too. What may change is what a PUT may change:
     *     `/spec/stopped` (stop or resume), `/spec/compute_pool_id` and `/spec/principal` (only with a
     *     resume), `/metadata/labels` and `/spec/scaling/baseline_cfu`; a change anywhere else is
     *     refused with 422. A failing `TEST` is 409, so
     *     `{"op":"TEST","path":"/metadata/resource_version","value":"<version read>"}` makes the
     *     patch conditional, as a PUT's resource_version does; without one it applies to the
     *     current version.
     */
    patch: operations['patchStatement'];
    trace?: never;
  };
  '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        name: string;
      };
      cookie?: never;
    };
    /**
     * Read a page of a statement's results
     * @description Rows of a query's (or SHOW/DESCRIBE/EXPLAIN's) result as the changelog `{op, row}`: op 0
     *     insert, 1 update-before, 2 update-after, 3 delete. Values are strings (SQL NULL is null;
     *     ARRAY, ROW, MAP and MULTISET nest as arrays). Follow `metadata.next` until it is empty:
     *     a running unbounded query keeps returning it, sometimes with no rows yet. Reading
     *     results keeps a foreground query alive; one nobody reads for 5 minutes is stopped.
     */
    get: operations['getStatementResult'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}/exceptions': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        statement_name: string;
      };
      cookie?: never;
    };
    /** The 10 most recent exceptions of a statement, newest first */
    get: operations['getStatementExceptions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iam/v2/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the organization's users */
    get: operations['listUsers'];
    put?: never;
    /** Create a user (cflink extension; OrganizationAdmin only) */
    post: operations['createUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iam/v2/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** Read a user */
    get: operations['getUser'];
    put?: never;
    post?: never;
    /**
     * Delete a user with its API keys and role bindings (OrganizationAdmin)
     * @description Its API keys (Cloud, Flink region and Kafka cluster keys) and the role bindings naming it
     *     go with it. Statements keep running as it until stopped; they cannot be resumed as it.
     *     Refused with 409 (`last_organization_admin`) when afterwards no OrganizationAdmin of the
     *     organization would hold a Cloud API key.
     */
    delete: operations['deleteUser'];
    options?: never;
    head?: never;
    /** Change a user's full name (OrganizationAdmin) */
    patch: operations['updateUser'];
    trace?: never;
  };
  '/iam/v2/service-accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List service accounts */
    get: operations['listServiceAccounts'];
    put?: never;
    /** Create a service account */
    post: operations['createServiceAccount'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iam/v2/service-accounts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** Read a service account */
    get: operations['getServiceAccount'];
    put?: never;
    post?: never;
    /** Delete a service account with its API keys and role bindings */
    delete: operations['deleteServiceAccount'];
    options?: never;
    head?: never;
    /** Update a service account's display name or description */
    patch: operations['updateServiceAccount'];
    trace?: never;
  };
  '/iam/v2/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List API keys (without spec.owner, the caller's own unless it administers the organization) */
    get: operations['listApiKeys'];
    put?: never;
    /** Create an API key; its secret is in this response only */
    post: operations['createApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iam/v2/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** Read an API key (never its secret) */
    get: operations['getApiKey'];
    put?: never;
    post?: never;
    /** Delete an API key; it stops authenticating at once */
    delete: operations['deleteApiKey'];
    options?: never;
    head?: never;
    /** Update an API key's display name or description */
    patch: operations['updateApiKey'];
    trace?: never;
  };
  '/iam/v2/role-bindings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List role bindings whose CRN pattern overlaps crn_pattern */
    get: operations['listRoleBindings'];
    put?: never;
    /** Bind a role to a principal on a CRN pattern */
    post: operations['createRoleBinding'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iam/v2/role-bindings/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** Read a role binding */
    get: operations['getRoleBinding'];
    put?: never;
    post?: never;
    /** Delete a role binding (bindings are immutable otherwise) */
    delete: operations['deleteRoleBinding'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the organization's audit events, oldest first (cflink extension) */
    get: operations['listAuditEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/billing/v1/costs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the organization's Flink costs per day and compute pool
     * @description One line per UTC day and compute pool that used CFUs in [start_date, end_date): product FLINK, line type FLINK_NUM_CFUS, quantity in CFU-hours (metered per minute, at least one CFU-minute per statement), at the configured price of the pool's region. Requires OrganizationAdmin or BillingAdmin.
     */
    get: operations['listCosts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/billing/v1/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Report the organization's Flink usage and cost for a month or date range
     * @description CFU-minutes and their cost by environment, compute pool and statement, by principal and by UTC day, with the statements that used the most, for a calendar month (`month`) or the UTC days [start_date, end_date). Amounts are the costs API's, to the micro-unit: each day's line of a pool is priced once (rounded half up to 6 decimals) and shared among its statements by their CFU-minutes with the largest-remainder method, so every subtotal adds up to the costs API's total. Served as JSON, CSV (one row per day, pool, statement and principal), or a document with a chart of daily CFU-minutes per pool (HTML with inline SVG, or PDF), chosen by `format` or else by the Accept header. Requires OrganizationAdmin or BillingAdmin on the organization.
     */
    get: operations['getBillingReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/metrics/cloud/query': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Query a Flink metric of the organization over time
     * @description Metrics API v2 query: statement and pool CFUs, pool CFU limits and CFU-minutes consumed (from the metering ledger), records in and out, pending records, watermarks and state size (from the engine's samples), per minute to per day. Requires MetricsViewer, EnvironmentAdmin or OrganizationAdmin; an environment-scoped role sees its environment only.
     */
    post: operations['queryMetrics'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/metrics/cloud/descriptors/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the Flink metrics this API serves
     * @description Names, types, units, resource types and labels of the metrics (Metrics API v2 descriptors).
     */
    get: operations['listMetricDescriptors'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/metrics/cloud/descriptors/resources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the resource types metrics are labelled with */
    get: operations['listResourceDescriptors'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/metrics/cloud/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Current Flink metric values in Prometheus text format
     * @description The latest value of every exportable metric for each statement and pool the caller may see (the statement's last engine sample, its current CFUs and phase; the pool's current CFUs and limit), in the Prometheus text exposition format. Names drop the `io.` prefix and use underscores (`confluent_flink_num_records_in`); labels drop `resource.` (`compute_pool_id`, `flink_statement_name`). Counters (records in and out, CFU-minutes) are exported as gauges of what the last complete minute added. Same roles as the query.
     */
    get: operations['exportMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The control plane's own health metrics, for operators (Prometheus text format)
     * @description Queue depths, outbox backlog, statements per phase, admission wait, scheduler event lag, metric sample age and the API process's own metrics. No API key: served only to clients on a loopback address unless CFLINK_OPERATOR_METRICS is `any` (403 otherwise), never through the Confluent paths.
     */
    get: operations['getOperatorMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notifications/v1/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the webhook subscriptions of an environment */
    get: operations['listNotificationSubscriptions'];
    put?: never;
    /** Subscribe a webhook to an environment's events; the signing secret is returned once */
    post: operations['createNotificationSubscription'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notifications/v1/subscriptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** Read a webhook subscription (without its secret) */
    get: operations['getNotificationSubscription'];
    put?: never;
    post?: never;
    /** Delete a subscription with its pending notifications and delivery log */
    delete: operations['deleteNotificationSubscription'];
    options?: never;
    head?: never;
    /** Change a subscription's URL, events, format or thresholds (the secret stays) */
    patch: operations['updateNotificationSubscription'];
    trace?: never;
  };
  '/notifications/v1/subscriptions/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue a sample TEST notification to the subscription's webhook now */
    post: operations['testNotificationSubscription'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notifications/v1/subscriptions/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** The subscription's delivery log, one entry per attempt, oldest first */
    get: operations['listNotificationDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Failure: {
      errors: components['schemas']['Error'][];
    };
    Error: {
      /** @description Occurrence id (the request id) */
      id: string;
      /**
       * @description HTTP status as a string
       * @example 400
       */
      status: string;
      /** @description Application error code, for example invalid_request */
      code: string;
      /** @description Stable summary of the status */
      title: string;
      /** @description What went wrong and how to fix it */
      detail?: string;
      source?: {
        /** @description JSON Pointer into the request body */
        pointer?: string;
        /** @description Offending query or path parameter */
        parameter?: string;
      };
    };
    Health: {
      /** @enum {string} */
      status: 'ok' | 'unavailable';
      checks: {
        [key: string]: 'ok' | 'unavailable' | 'skipped';
      };
    };
    ObjectMeta: {
      /** Format: uri */
      readonly self: string;
      readonly resource_name?: string;
      /** Format: date-time */
      readonly created_at?: string;
      /** Format: date-time */
      readonly updated_at?: string;
      /** Format: date-time */
      readonly deleted_at?: string;
    };
    ListMeta: {
      /** Format: uri */
      first?: string | null;
      /** Format: uri */
      last?: string | null;
      /** Format: uri */
      prev?: string | null;
      /** Format: uri */
      next?: string | null;
      total_size?: number;
    };
    GlobalObjectReference: {
      id: string;
      readonly related?: string;
      readonly resource_name?: string;
    };
    EnvScopedObjectReference: {
      id: string;
      environment?: string;
      readonly related?: string;
      readonly resource_name?: string;
    };
    Organization: {
      /** @constant */
      api_version: 'org/v2';
      /** @constant */
      kind: 'Organization';
      /** Format: uuid */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      display_name: string;
      jit_enabled?: boolean;
    };
    OrganizationUpdate: {
      /** @constant */
      api_version?: 'org/v2';
      /** @constant */
      kind?: 'Organization';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      /** @description 1 to 31 characters, none of < > */
      display_name?: string;
      /**
       * @description Just-in-time provisioning of SSO users; cflink has no SSO, so only false.
       * @constant
       */
      jit_enabled?: false;
    };
    OrganizationList: {
      /** @constant */
      api_version: 'org/v2';
      /** @constant */
      kind: 'OrganizationList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['Organization'][];
    };
    StreamGovernanceConfig: {
      /** @enum {string} */
      package: 'ESSENTIALS' | 'ADVANCED';
    };
    Environment: {
      /** @constant */
      api_version: 'org/v2';
      /** @constant */
      kind: 'Environment';
      /** @example env-a1b2c3d */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      display_name: string;
      stream_governance_config?: components['schemas']['StreamGovernanceConfig'];
    };
    EnvironmentCreate: {
      /** @constant */
      api_version?: 'org/v2';
      /** @constant */
      kind?: 'Environment';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      display_name: components['schemas']['EnvironmentDisplayName'];
      stream_governance_config?: components['schemas']['StreamGovernanceConfig'];
    };
    EnvironmentUpdate: {
      /** @constant */
      api_version?: 'org/v2';
      /** @constant */
      kind?: 'Environment';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      display_name?: components['schemas']['EnvironmentDisplayName'];
      stream_governance_config?: components['schemas']['StreamGovernanceConfig'];
    };
    /** @description Letters, digits, spaces, "-" and "_"; starts and ends with a letter or digit. */
    EnvironmentDisplayName: string;
    EnvironmentList: {
      /** @constant */
      api_version: 'org/v2';
      /** @constant */
      kind: 'EnvironmentList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['Environment'][];
    };
    Region: {
      /** @constant */
      api_version: 'fcpm/v2';
      /** @constant */
      kind: 'Region';
      /** @example aws.us-east-1 */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      display_name: string;
      cloud: string;
      region_name: string;
      /** Format: uri */
      http_endpoint: string;
      /** Format: uri */
      private_http_endpoint?: string;
    };
    RegionList: {
      /** @constant */
      api_version: 'fcpm/v2';
      /** @constant */
      kind: 'RegionList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['Region'][];
    };
    /**
     * @description Most CFUs the pool's statements may use together. Can be raised, never lowered.
     * @enum {integer}
     */
    MaxCfu: 5 | 10 | 20 | 30 | 40 | 50;
    /** @description Up to 64 letters, digits, "_", "." and "-", starting with a letter, digit or "-". */
    PoolDisplayName: string;
    ComputePoolSpec: {
      display_name?: string;
      cloud?: string;
      region?: string;
      max_cfu?: number;
      default_pool?: boolean;
      enable_ai?: boolean;
      environment?: components['schemas']['GlobalObjectReference'];
      network?: components['schemas']['EnvScopedObjectReference'];
    };
    ComputePoolStatus: {
      /** @enum {string} */
      phase: 'PROVISIONING' | 'PROVISIONED' | 'FAILED' | 'DEPROVISIONING';
      current_cfu: number;
    };
    ComputePool: {
      /** @constant */
      api_version: 'fcpm/v2';
      /** @constant */
      kind: 'ComputePool';
      /** @example lfcp-a1b2c3d */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      spec: components['schemas']['ComputePoolSpec'] & unknown;
      status: components['schemas']['ComputePoolStatus'];
    };
    ComputePoolCreate: {
      /** @constant */
      api_version?: 'fcpm/v2';
      /** @constant */
      kind?: 'ComputePool';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      /** @description Read-only; ignored */
      status?: {
        [key: string]: unknown;
      };
      spec: {
        display_name: components['schemas']['PoolDisplayName'];
        cloud: string;
        region: string;
        max_cfu: components['schemas']['MaxCfu'];
        default_pool?: boolean;
        enable_ai?: boolean;
        environment: components['schemas']['GlobalObjectReference'];
        network?: components['schemas']['EnvScopedObjectReference'];
      };
    };
    ComputePoolUpdate: {
      /** @constant */
      api_version?: 'fcpm/v2';
      /** @constant */
      kind?: 'ComputePool';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      /** @description Read-only; ignored */
      status?: {
        [key: string]: unknown;
      };
      spec: {
        display_name?: components['schemas']['PoolDisplayName'];
        max_cfu?: components['schemas']['MaxCfu'];
        default_pool?: boolean;
        environment: components['schemas']['GlobalObjectReference'];
      };
    };
    ComputePoolList: {
      /** @constant */
      api_version: 'fcpm/v2';
      /** @constant */
      kind: 'ComputePoolList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['ComputePool'][];
    };
    /** @description Lower-case letters, digits and "-", in "."-separated segments; unique in the environment. */
    StatementName: string;
    StatementMetadata: {
      /** Format: uri */
      self: string;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
      uid: string;
      resource_version: string;
      labels?: {
        [key: string]: string;
      };
    };
    /** @description Statement properties (Confluent's sql.* keys); cflink translates each into the engine setting it means. Supported: sql.current-catalog, sql.current-database, sql.dry-run, sql.local-time-zone, sql.state-ttl, sql.tables.scan.idle-timeout, sql.tables.scan.startup.mode, sql.tables.scan.startup.timestamp-millis, sql.tables.scan.bounded.mode, sql.tables.scan.bounded.timestamp-millis, sql.tables.initial-offset-from. */
    Properties: {
      /** @description expected an environment's display name or id */
      'sql.current-catalog'?: string;
      /** @description expected a Kafka cluster's display name or id */
      'sql.current-database'?: string;
      /** @description expected 'true' or 'false' */
      'sql.dry-run'?: string;
      /** @description expected a time zone such as 'UTC', 'Europe/Berlin' or 'GMT+08:00' */
      'sql.local-time-zone'?: string;
      /** @description expected a duration such as '0' (keep forever), '3600000 ms', '12 h' or '7 d' */
      'sql.state-ttl'?: string;
      /** @description expected a duration such as '0' (off), '30 s' or '5 min' */
      'sql.tables.scan.idle-timeout'?: string;
      /** @description expected 'earliest-offset', 'latest-offset' or 'timestamp' */
      'sql.tables.scan.startup.mode'?: string;
      /** @description expected milliseconds since the epoch */
      'sql.tables.scan.startup.timestamp-millis'?: string;
      /** @description expected 'unbounded', 'latest-offset' or 'timestamp' */
      'sql.tables.scan.bounded.mode'?: string;
      /** @description expected milliseconds since the epoch */
      'sql.tables.scan.bounded.timestamp-millis'?: string;
      /** @description expected the name of a statement of the same environment, which the caller may read; this statement starts each table that one read from the offset it stopped at (its status.latest_offsets), and waits PENDING while that one still runs */
      'sql.tables.initial-offset-from'?: string;
    };
    StatementSpecRequest: {
      statement?: string;
      properties?: components['schemas']['Properties'];
      compute_pool_id?: string;
      principal?: string;
      stopped?: boolean;
      /** @description Read-only; ignored */
      execution_mode?: string;
      scaling?: {
        baseline_cfu?: number;
      };
    };
    StatementSpec: {
      statement: string;
      properties: {
        [key: string]: string;
      };
      compute_pool_id: string;
      principal: string;
      stopped: boolean;
      execution_mode?: string;
      scaling?: {
        baseline_cfu?: number;
      };
    };
    ColumnDataType: {
      type: string;
      nullable: boolean;
      length?: number;
      precision?: number;
      scale?: number;
      fractional_precision?: number;
      resolution?: string;
      class_name?: string;
      key_type?: components['schemas']['ColumnDataType'];
      value_type?: components['schemas']['ColumnDataType'];
      element_type?: components['schemas']['ColumnDataType'];
      fields?: {
        name: string;
        field_type: components['schemas']['ColumnDataType'];
      }[];
    };
    StatementResult: {
      /** @constant */
      api_version: 'sql/v1';
      /** @constant */
      kind: 'StatementResult';
      metadata: {
        /** Format: uri */
        self: string;
        /** @description URL of the next page; empty once the results are complete */
        next?: string;
        /** Format: date-time */
        created_at?: string;
      };
      results: {
        data: {
          /**
           * @description 0 +I, 1 -U, 2 +U, 3 -D
           * @enum {integer}
           */
          op?: 0 | 1 | 2 | 3;
          row: unknown[];
        }[];
      };
    };
    StatementExceptionList: {
      /** @constant */
      api_version: 'sql/v1';
      /** @constant */
      kind: 'StatementExceptionList';
      metadata: {
        /** Format: uri */
        self: string;
      };
      data: {
        /** @constant */
        kind: 'StatementException';
        /** @description Java class of the exception */
        name: string;
        message: string;
        /** Format: date-time */
        timestamp: string;
      }[];
    };
    StatementTraits: {
      sql_kind?: string;
      is_bounded?: boolean;
      is_append_only?: boolean;
      upsert_columns?: number[];
      schema?: {
        columns?: {
          name: string;
          type: components['schemas']['ColumnDataType'];
        }[];
      };
      connection_refs?: string[];
    };
    StatementStatus: {
      /** @enum {string} */
      phase:
        'PENDING' | 'RUNNING' | 'COMPLETED' | 'DELETING' | 'FAILING' | 'FAILED' | 'STOPPING' | 'STOPPED' | 'DEGRADED';
      detail?: string;
      traits?: components['schemas']['StatementTraits'];
      scaling_status?: {
        /** @enum {string} */
        scaling_state?: 'OK' | 'PENDING_SCALE_DOWN' | 'PENDING_SCALE_UP' | 'POOL_EXHAUSTED';
        /** Format: date-time */
        last_updated?: string;
      };
      /** @enum {string} */
      network_kind?: 'PUBLIC' | 'PRIVATE';
      latest_offsets?: {
        [key: string]: string;
      };
      /** Format: date-time */
      latest_offsets_timestamp?: string;
      /** Format: date-time */
      end_time?: string;
      duration?: string;
      identity?: string;
      error_handling?: components['schemas']['StatementErrorHandlingStatus'];
    };
    /** @description A cflink addition to the Confluent Cloud statement status: records the statement's sources could not deserialize, from the engine's latest metric sample of its job. Present once the job has been sampled; counted since the job's tasks last started (a resume, or a restart after a failure, starts the count at 0 again). Zero for a statement whose tables are in `error-handling.mode` fail, which fails on the first such record instead. */
    StatementErrorHandlingStatus: {
      /** @description Records skipped in `error-handling.mode` ignore or log. */
      skipped_records: number;
      /** @description Of those, the records written to the dead-letter table (`error-handling.mode` log). */
      dead_letter_records: number;
    };
    Statement: {
      /** @constant */
      api_version: 'sql/v1';
      /** @constant */
      kind: 'Statement';
      name: string;
      organization_id: string;
      environment_id: string;
      metadata: components['schemas']['StatementMetadata'];
      spec: components['schemas']['StatementSpec'];
      status: components['schemas']['StatementStatus'];
    };
    StatementCreate: {
      /** @constant */
      api_version?: 'sql/v1';
      /** @constant */
      kind?: 'Statement';
      name: components['schemas']['StatementName'];
      /** @description Must match the path when given */
      organization_id?: string;
      /** @description Must match the path when given */
      environment_id?: string;
      /** @description Only `labels` is read; other fields are read-only and ignored. */
      metadata?: {
        labels?: components['schemas']['StatementLabels'];
      } & {
        [key: string]: unknown;
      };
      spec: components['schemas']['StatementSpecRequest'] & unknown;
      /** @description Read-only; ignored */
      status?: {
        [key: string]: unknown;
      };
      /** @description Read-only; ignored */
      result?: {
        [key: string]: unknown;
      };
    };
    StatementUpdate: {
      /** @constant */
      api_version?: 'sql/v1';
      /** @constant */
      kind?: 'Statement';
      /** @description Must match the path */
      name: string;
      /** @description Must match the path when given */
      organization_id?: string;
      /** @description Must match the path when given */
      environment_id?: string;
      /** @description `resource_version` and `labels` are read (labels sent replace the statement's; omitted, they stay); other fields are read-only and ignored. */
      metadata: {
        resource_version: string;
        labels?: components['schemas']['StatementLabels'];
      } & {
        [key: string]: unknown;
      };
      spec: components['schemas']['StatementSpecRequest'] & unknown;
      /** @description Read-only; ignored */
      status?: {
        [key: string]: unknown;
      };
      /** @description Read-only; ignored */
      result?: {
        [key: string]: unknown;
      };
    };
    /** @description Free-form labels, filterable with label_selector. */
    StatementLabels: {
      [key: string]: string;
    };
    /** @description A JSON Patch (RFC 6902) document. */
    StatementPatch: components['schemas']['StatementPatchOperation'][];
    StatementPatchOperation:
      | {
          /** @enum {string} */
          op: 'ADD' | 'REPLACE' | 'TEST' | 'add' | 'replace' | 'test';
          path: components['schemas']['JsonPointer'];
          /** @description The value to add, replace with, or test for. */
          value: unknown;
        }
      | {
          /** @enum {string} */
          op: 'REMOVE' | 'remove';
          path: components['schemas']['JsonPointer'];
        }
      | {
          /** @enum {string} */
          op: 'MOVE' | 'COPY' | 'move' | 'copy';
          path: components['schemas']['JsonPointer'];
          from: components['schemas']['JsonPointer'];
        };
    /** @description A JSON Pointer (RFC 6901), e.g. /spec/stopped; "~1" stands for "/" and "~0" for "~". */
    JsonPointer: string;
    StatementList: {
      /** @constant */
      api_version: 'sql/v1';
      /** @constant */
      kind: 'StatementList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['Statement'][];
    };
    User: {
      /** @constant */
      api_version: 'iam/v2';
      /** @constant */
      kind: 'User';
      /** @example u-a1b2c3d */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      email: string;
      full_name: string;
      /** @enum {string} */
      auth_type?: 'AUTH_TYPE_LOCAL';
    };
    UserCreate: {
      /** @constant */
      api_version?: 'iam/v2';
      /** @constant */
      kind?: 'User';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      /** @description Read-only; ignored */
      auth_type?: string;
      /** Format: email */
      email: string;
      full_name: string;
    };
    UserUpdate: {
      /** @constant */
      api_version?: 'iam/v2';
      /** @constant */
      kind?: 'User';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      /** @description Read-only; ignored */
      auth_type?: string;
      /** @description Immutable; when sent it must be the user's current e-mail (422 otherwise). */
      email?: string;
      full_name?: string;
    };
    UserList: {
      /** @constant */
      api_version: 'iam/v2';
      /** @constant */
      kind: 'UserList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['User'][];
    };
    ServiceAccount: {
      /** @constant */
      api_version: 'iam/v2';
      /** @constant */
      kind: 'ServiceAccount';
      /** @example sa-a1b2c3d */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      display_name: string;
      description: string;
    };
    ServiceAccountCreate: {
      /** @constant */
      api_version?: 'iam/v2';
      /** @constant */
      kind?: 'ServiceAccount';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      display_name: string;
      description?: string;
    };
    ServiceAccountUpdate: {
      /** @constant */
      api_version?: 'iam/v2';
      /** @constant */
      kind?: 'ServiceAccount';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      display_name?: string;
      description?: string;
    };
    ServiceAccountList: {
      /** @constant */
      api_version: 'iam/v2';
      /** @constant */
      kind: 'ServiceAccountList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['ServiceAccount'][];
    };
    ObjectReference: {
      id: string;
      environment?: string;
      readonly related?: string;
      readonly resource_name?: string;
      readonly api_version?: string;
      readonly kind?: string;
    };
    ApiKeySpec: {
      /** @description Only in the response that creates the key */
      secret?: string;
      display_name: string;
      description: string;
      owner: components['schemas']['ObjectReference'];
      resource: components['schemas']['ObjectReference'];
    };
    ApiKey: {
      /** @constant */
      api_version: 'iam/v2';
      /** @constant */
      kind: 'ApiKey';
      /** @example EGWX3S4BVNQIRBMJ */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      spec: components['schemas']['ApiKeySpec'];
    };
    ApiKeyCreate: {
      /** @constant */
      api_version?: 'iam/v2';
      /** @constant */
      kind?: 'ApiKey';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      spec: {
        /** @description Read-only; ignored */
        secret?: string;
        display_name?: string;
        description?: string;
        owner: components['schemas']['ObjectReference'];
        /** @description `{"id":"cloud"}` (default), a Flink region `{"id":"aws.us-east-1","environment":"env-…"}` or a Kafka cluster `{"id":"lkc-…"}` (a key for Kafka clients: SASL/SCRAM-SHA-512 on the broker, not this API) */
        resource?: components['schemas']['ObjectReference'];
      };
    };
    ApiKeyUpdate: {
      /** @constant */
      api_version?: 'iam/v2';
      /** @constant */
      kind?: 'ApiKey';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      spec: {
        display_name?: string;
        description?: string;
        /** @description Immutable; ignored */
        owner?: Record<string, never>;
        /** @description Immutable; ignored */
        resource?: Record<string, never>;
        /** @description Read-only; ignored */
        secret?: string;
      };
    };
    ApiKeyList: {
      /** @constant */
      api_version: 'iam/v2';
      /** @constant */
      kind: 'ApiKeyList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['ApiKey'][];
    };
    /** @enum {string} */
    RoleName:
      | 'OrganizationAdmin'
      | 'EnvironmentAdmin'
      | 'FlinkAdmin'
      | 'FlinkDeveloper'
      | 'Assigner'
      | 'MetricsViewer'
      | 'BillingAdmin'
      | 'Operator'
      | 'DeveloperRead'
      | 'DeveloperWrite'
      | 'DeveloperManage'
      | 'ResourceOwner';
    RoleBinding: {
      /** @constant */
      api_version: 'iam/v2';
      /** @constant */
      kind: 'RoleBinding';
      /** @example rb-a1b2c3d */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      /** @example User:sa-a1b2c3d */
      principal: string;
      role_name: string;
      crn_pattern: string;
    };
    RoleBindingCreate: {
      /** @constant */
      api_version?: 'iam/v2';
      /** @constant */
      kind?: 'RoleBinding';
      /** @description Read-only; ignored */
      id?: string;
      /** @description Read-only; ignored */
      metadata?: {
        [key: string]: unknown;
      };
      /** @description User:u-… or User:sa-…. */
      principal: string;
      role_name: components['schemas']['RoleName'];
      crn_pattern: components['schemas']['CrnPattern'];
    };
    /** @description A CRN of this deployment's authority (CFLINK_CRN_AUTHORITY, confluent.cloud by default; the served document names the configured one): type=id segments, the last id optionally ending with "*" (a prefix), e.g. crn://confluent.cloud/organization=…/environment=env-…/kafka=lkc-…/topic=orders*. */
    CrnPattern: string;
    RoleBindingList: {
      /** @constant */
      api_version: 'iam/v2';
      /** @constant */
      kind: 'RoleBindingList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['RoleBinding'][];
    };
    AuditEvent: {
      id: string;
      /** Format: date-time */
      time: string;
      /** @description u-… or sa-…; null for a failed authentication */
      principal?: string | null;
      /** @description The API key used, or the existing key a failed authentication presented (never its secret) */
      api_key?: string | null;
      action: string;
      resource_name?: string | null;
      path?: string | null;
      request_id: string;
      status: number;
      client_address?: string | null;
    };
    AuditEventList: {
      /** @constant */
      api_version: 'audit/v1';
      /** @constant */
      kind: 'AuditEventList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['AuditEvent'][];
    };
    Cost: {
      /** @constant */
      api_version: 'billing/v1';
      /** @constant */
      kind: 'Cost';
      id: string;
      /** Format: date */
      start_date: string;
      /**
       * Format: date
       * @description The day after start_date.
       */
      end_date: string;
      /** @enum {string} */
      granularity: 'DAILY';
      /** @enum {string} */
      network_access_type?: 'INTERNET';
      /** @enum {string} */
      product: 'FLINK';
      /** @enum {string} */
      line_type: 'FLINK_NUM_CFUS';
      /** @description CFU-hour */
      unit: string;
      /** @description CFU-hours used (CFU-minutes / 60). */
      quantity: number;
      /** @description Price of one CFU-hour. */
      price: number;
      original_amount: number;
      discount_amount: number;
      /** @description original_amount minus discount_amount, to 6 decimals. */
      amount: number;
      description?: string;
      resource?: {
        /** @description The compute pool (lfcp-…). */
        id: string;
        display_name: string;
        environment?: {
          id: string;
        } | null;
      } | null;
    };
    CostList: {
      /** @constant */
      api_version: 'billing/v1';
      /** @constant */
      kind: 'CostList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['Cost'][];
    };
    BillingUsage: {
      /** @description CFUs held per minute, summed. */
      cfu_minutes: number;
      /** @description cfu_minutes / 60. */
      cfu_hours: number;
      /** @description Cost in the report's currency, to 6 decimals. */
      amount: number;
    };
    BillingDailyUsage: components['schemas']['BillingUsage'] & {
      /** Format: date */
      date: string;
    };
    BillingStatementUsage: components['schemas']['BillingUsage'] & {
      /** @description The statement's metadata.uid. */
      uid: string;
      /** @description Null once the statement is deleted. */
      name: string | null;
      /** @description Who it ran as (User:u-… / User:sa-…). */
      principals: string[];
    };
    BillingTopStatement: components['schemas']['BillingStatementUsage'] & {
      environment_id: string;
      compute_pool_id: string;
    };
    BillingPoolUsage: components['schemas']['BillingUsage'] & {
      /** @description The compute pool (lfcp-…). */
      id: string;
      /** @description Its id once the pool is deleted. */
      display_name: string;
      /** @description Flink region id, e.g. aws.us-east-1. */
      region: string;
      /** @description Price of one CFU-hour in the region. */
      price: number;
      /** @description One entry per day of the period, zeros included. */
      daily: components['schemas']['BillingDailyUsage'][];
      statements: components['schemas']['BillingStatementUsage'][];
    };
    BillingEnvironmentUsage: components['schemas']['BillingUsage'] & {
      id: string;
      compute_pools: components['schemas']['BillingPoolUsage'][];
    };
    BillingPrincipalUsage: components['schemas']['BillingUsage'] & {
      principal: string;
      /** @description How many statements ran as it. */
      statements: number;
    };
    BillingReport: {
      /** @constant */
      api_version: 'billing/v1';
      /** @constant */
      kind: 'BillingReport';
      organization: {
        id: string;
      };
      /** Format: date */
      start_date: string;
      /**
       * Format: date
       * @description Exclusive.
       */
      end_date: string;
      /** @constant */
      currency: 'USD';
      /**
       * @description The unit prices are given in.
       * @constant
       */
      unit: 'CFU-hour';
      total: components['schemas']['BillingUsage'];
      /** @description One entry per day of the period, zeros included. */
      daily: components['schemas']['BillingDailyUsage'][];
      /** @description Most CFU-minutes first, down to each pool's statements. */
      environments: components['schemas']['BillingEnvironmentUsage'][];
      principals: components['schemas']['BillingPrincipalUsage'][];
      top_statements: components['schemas']['BillingTopStatement'][];
    };
    /** @enum {string} */
    MetricLabel:
      | 'resource.compute_pool.id'
      | 'resource.environment.id'
      | 'resource.flink_statement.name'
      | 'resource.flink_statement.uid';
    /** @description A field filter, an AND/OR of filters, or a NOT of a filter. */
    MetricFilter:
      | components['schemas']['MetricFieldFilter']
      | components['schemas']['MetricCompoundFilter']
      | components['schemas']['MetricUnaryFilter'];
    MetricFieldFilter: {
      field: components['schemas']['MetricLabel'];
      /**
       * @description GT and GTE compare label values lexicographically.
       * @enum {string}
       */
      op: 'EQ' | 'GT' | 'GTE';
      value: string | number;
    };
    MetricCompoundFilter: {
      /** @enum {string} */
      op: 'AND' | 'OR';
      filters: components['schemas']['MetricFilter'][];
    };
    MetricUnaryFilter: {
      /** @enum {string} */
      op: 'NOT';
      filter: components['schemas']['MetricFilter'];
    };
    /** @enum {string} */
    QueryableMetric:
      | 'io.confluent.flink/statement_utilization/current_cfus'
      | 'io.confluent.flink/compute_pool_utilization/current_cfus'
      | 'io.confluent.flink/compute_pool_utilization/cfu_limit'
      | 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed'
      | 'io.confluent.flink/num_records_in'
      | 'io.confluent.flink/num_records_out'
      | 'io.confluent.flink/num_records_in_errors'
      | 'io.confluent.flink/num_records_in_dead_lettered'
      | 'io.confluent.flink/pending_records'
      | 'io.confluent.flink/operator/state_size_bytes'
      | 'io.confluent.flink/current_input_watermark_milliseconds'
      | 'io.confluent.flink/current_output_watermark_milliseconds';
    MetricsQuery: {
      aggregations: {
        metric: components['schemas']['QueryableMetric'];
        /**
         * @description Omit it to get each metric's own aggregation across series; SUM is refused for the watermarks, which combine with MIN.
         * @enum {string}
         */
        agg?: 'SUM';
      }[];
      group_by?: components['schemas']['MetricLabel'][];
      /** @enum {string} */
      granularity: 'PT1M' | 'PT5M' | 'PT15M' | 'PT30M' | 'PT1H' | 'PT4H' | 'PT6H' | 'PT12H' | 'P1D' | 'ALL';
      filter?: components['schemas']['MetricFilter'];
      /** @description Orders groups by their value; only with granularity ALL. */
      order_by?: {
        metric: components['schemas']['QueryableMetric'];
        /** @enum {string} */
        agg?: 'SUM';
        /**
         * @default DESCENDING
         * @enum {string}
         */
        order: 'ASCENDING' | 'DESCENDING';
      }[];
      /** @description One ISO-8601 interval, start/end, start/duration or duration/end (PT30M, PT6H, P1D); an instant may be `now` with an offset and a UTC truncation (`now-1h|m/now|m`). */
      intervals: string[];
      /** @default 100 */
      limit: number;
      /**
       * @default FLAT
       * @enum {string}
       */
      format: 'FLAT' | 'GROUPED';
    };
    MetricsMeta: {
      pagination: {
        page_size: number;
        total_size?: number;
        next_page_token?: string;
      };
    };
    MetricsLinks: {
      next?: string;
    } | null;
    LabelDescriptor: {
      key: string;
      description: string;
      exportable?: boolean;
    };
    MetricDescriptor: {
      name: string;
      description: string;
      /** @description GAUGE_INT64, GAUGE_DOUBLE, COUNTER_INT64 or COUNTER_DOUBLE */
      type: string;
      /** @description UCUM unit. */
      unit: string;
      lifecycle_stage: string;
      exportable: boolean;
      resources: string[];
      labels: components['schemas']['LabelDescriptor'][];
    };
    MetricDescriptorList: {
      data: components['schemas']['MetricDescriptor'][];
      meta: components['schemas']['MetricsMeta'];
      links?: components['schemas']['MetricsLinks'];
    };
    ResourceDescriptor: {
      type: string;
      description: string;
      labels: components['schemas']['LabelDescriptor'][];
    };
    ResourceDescriptorList: {
      data: components['schemas']['ResourceDescriptor'][];
      meta: components['schemas']['MetricsMeta'];
      links?: components['schemas']['MetricsLinks'];
    };
    MetricsQueryResponse: {
      data: {
        [key: string]: unknown;
      }[];
    };
    /** @enum {string} */
    NotificationEventType:
      | 'STATEMENT_FAILED'
      | 'STATEMENT_DEGRADED'
      | 'STATEMENT_PENDING_STUCK'
      | 'COMPUTE_POOL_AT_MAX_CFU'
      | 'STATEMENT_DEAD_LETTERS'
      | 'CFU_BUDGET_CROSSED';
    /** @description STATEMENT_DEAD_LETTERS is sent at most once per statement per window of this many minutes (windows aligned to UTC; default 60), so a steady trickle of dead letters sends one per window. */
    NotificationDeadLetterWindowMinutes: number;
    /** @description A CFU-minute budget per calendar month (UTC) for CFU_BUDGET_CROSSED: the environment's metered usage (or one pool's) is compared with each threshold, and each threshold is notified once per month. */
    NotificationCfuBudget: {
      /** @description CFU-minutes per calendar month (UTC) */
      cfu_minutes: number;
      /** @description Percents of cfu_minutes to notify at (default [100]). */
      thresholds_percent?: number[];
      /** @description Count only this pool of the environment (default the whole environment). */
      compute_pool_id?: string;
    };
    NotificationSubscriptionFields: {
      display_name?: string;
      /** @description Webhook URL; https:// to a public address unless the operator allows otherwise (docs/notifications.md). */
      url?: string;
      event_types?: components['schemas']['NotificationEventType'][];
      /**
       * @description JSON (cflink's event body) or SLACK (a Slack incoming-webhook message).
       * @enum {string}
       */
      format?: 'JSON' | 'SLACK';
      /** @description STATEMENT_PENDING_STUCK fires once a statement has been PENDING this long (default 10). */
      pending_minutes?: number;
      /** @description COMPUTE_POOL_AT_MAX_CFU fires once a pool has been at its max_cfu this long (default 10). */
      pool_at_max_minutes?: number;
      dead_letter_window_minutes?: components['schemas']['NotificationDeadLetterWindowMinutes'];
      cfu_budget?: components['schemas']['NotificationCfuBudget'] | null;
    };
    NotificationSubscription: {
      /** @constant */
      api_version: 'notifications/v1';
      /** @constant */
      kind: 'Subscription';
      /** @example nsub-a1b2c3d */
      id: string;
      metadata: components['schemas']['ObjectMeta'];
      spec: components['schemas']['NotificationSubscriptionFields'] & {
        environment: components['schemas']['GlobalObjectReference'];
        /** @description Signing secret (`whsec_…`), only in the creation response. */
        readonly secret?: string;
      };
    };
    NotificationSubscriptionCreate: {
      spec: {
        display_name?: string;
        url: string;
        event_types: components['schemas']['NotificationEventType'][];
        /** @enum {string} */
        format?: 'JSON' | 'SLACK';
        pending_minutes?: number;
        pool_at_max_minutes?: number;
        dead_letter_window_minutes?: components['schemas']['NotificationDeadLetterWindowMinutes'];
        cfu_budget?: components['schemas']['NotificationCfuBudget'];
        environment: components['schemas']['GlobalObjectReference'];
      };
    };
    NotificationSubscriptionUpdate: {
      spec: {
        display_name?: string;
        url?: string;
        event_types?: components['schemas']['NotificationEventType'][];
        /** @enum {string} */
        format?: 'JSON' | 'SLACK';
        pending_minutes?: number;
        pool_at_max_minutes?: number;
        dead_letter_window_minutes?: components['schemas']['NotificationDeadLetterWindowMinutes'];
        /** @description A new budget, or null to remove it. */
        cfu_budget?: components['schemas']['NotificationCfuBudget'] | null;
        environment: components['schemas']['GlobalObjectReference'];
      };
    };
    NotificationSubscriptionList: {
      /** @constant */
      api_version: 'notifications/v1';
      /** @constant */
      kind: 'SubscriptionList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['NotificationSubscription'][];
    };
    NotificationTestSend: {
      /** @constant */
      api_version: 'notifications/v1';
      /** @constant */
      kind: 'TestSend';
      /** Format: uuid */
      notification_id: string;
      /** @constant */
      event_type: 'TEST';
    };
    NotificationDelivery: {
      /** Format: uuid */
      notification_id: string;
      event_type: string;
      attempt: number;
      /** @description HTTP status of the answer; null when none came */
      status_code: number | null;
      /** @description Why the attempt did not deliver */
      error: string | null;
      duration_ms: number;
      delivered: boolean;
      /** Format: date-time */
      at: string;
    };
    NotificationDeliveryList: {
      /** @constant */
      api_version: 'notifications/v1';
      /** @constant */
      kind: 'DeliveryList';
      metadata: components['schemas']['ListMeta'];
      data: components['schemas']['NotificationDelivery'][];
    };
  };
  responses: {
    /** @description Error */
    Failure: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Failure'];
      };
    };
    /**
     * @description Refused: afterwards no OrganizationAdmin of the organization would hold a Cloud API key, and a
     *     locked-out organization cannot recover through the API (code `last_organization_admin`).
     */
    OrganizationLockout: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Failure'];
      };
    };
    /**
     * @description Rate limited: the API key exceeded its requests per second or per minute, or the client
     *     address failed to authenticate too often. Confluent sends no body; cflink sends `Failure`
     *     with code `too_many_requests`. Every authenticated response carries the X-RateLimit-* headers.
     */
    TooManyRequests: {
      headers: {
        'Retry-After': components['headers']['RetryAfter'];
        'X-RateLimit-Limit': components['headers']['RateLimitLimit'];
        'X-RateLimit-Remaining': components['headers']['RateLimitRemaining'];
        'X-RateLimit-Reset': components['headers']['RateLimitReset'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Failure'];
      };
    };
  };
  parameters: {
    /** @description Items per page (default 100, at most 1000). */
    MetricsPageSize: number;
    /** @description Items per page (default 10, at most 100). */
    PageSize: number;
    /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
    PageToken: string;
    /** @description Id of the environment the resource belongs to (`env-…`). */
    EnvironmentQuery: string;
    OrganizationPath: string;
    EnvironmentPath: string;
  };
  requestBodies: never;
  headers: {
    /** @description Seconds to wait before retrying */
    RetryAfter: number;
    /** @description Requests allowed in the window with the least room left */
    RateLimitLimit: number;
    /** @description Requests left in that window */
    RateLimitRemaining: number;
    /** @description Seconds until that window closes (relative, not an epoch time) */
    RateLimitReset: number;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ready */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      /** @description Not ready (a dependency is down) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
    };
  };
  getLiveness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Alive */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
    };
  };
  listOrganizations: {
    parameters: {
      query?: {
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Organization list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrganizationList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getOrganization: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Organization */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Organization'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  updateOrganization: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OrganizationUpdate'];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Organization'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listEnvironments: {
    parameters: {
      query?: {
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Environment list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EnvironmentList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  createEnvironment: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EnvironmentCreate'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Environment'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getEnvironment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Environment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Environment'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  deleteEnvironment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  updateEnvironment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EnvironmentUpdate'];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Environment'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listRegions: {
    parameters: {
      query?: {
        cloud?: string;
        region_name?: string;
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Region list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegionList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getRegion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The region id, `<cloud>.<region>` in lower case, e.g. aws.us-east-1. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Region */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Region'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listComputePools: {
    parameters: {
      query: {
        /** @description Id of the environment the resource belongs to (`env-…`). */
        environment: components['parameters']['EnvironmentQuery'];
        'spec.region'?: string;
        'spec.network'?: string;
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Compute pool list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComputePoolList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  createComputePool: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ComputePoolCreate'];
      };
    };
    responses: {
      /** @description Accepted; the pool is provisioning */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComputePool'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getComputePool: {
    parameters: {
      query: {
        /** @description Id of the environment the resource belongs to (`env-…`). */
        environment: components['parameters']['EnvironmentQuery'];
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Compute pool */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComputePool'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  deleteComputePool: {
    parameters: {
      query: {
        /** @description Id of the environment the resource belongs to (`env-…`). */
        environment: components['parameters']['EnvironmentQuery'];
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  updateComputePool: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ComputePoolUpdate'];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ComputePool'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listStatements: {
    parameters: {
      query?: {
        'spec.compute_pool_id'?: string;
        /** @description Comma-separated `key=value` (or `key==value`, equality) or `key` (presence) terms, all of which must match; keys are letters, digits, ".", "_", "/" and "-", starting and ending with a letter or digit. */
        label_selector?: string;
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Statement list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  createStatement: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StatementCreate'];
      };
    };
    responses: {
      /** @description Created; the statement is PENDING */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Statement'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getStatement: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        statement_name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Statement */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Statement'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  updateStatement: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        statement_name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StatementUpdate'];
      };
    };
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  deleteStatement: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        statement_name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted; the statement goes away (GET answers 404 once it is gone) */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  patchStatement: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        statement_name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json-patch+json': components['schemas']['StatementPatch'];
        'application/json': components['schemas']['StatementPatch'];
      };
    };
    responses: {
      /** @description The patched statement */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Statement'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getStatementResult: {
    parameters: {
      query?: {
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of results */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementResult'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getStatementExceptions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        organization_id: components['parameters']['OrganizationPath'];
        environment_id: components['parameters']['EnvironmentPath'];
        statement_name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Exceptions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementExceptionList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listUsers: {
    parameters: {
      query?: {
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description User list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  createUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UserCreate'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description User */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  deleteUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      409: components['responses']['OrganizationLockout'];
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  updateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UserUpdate'];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listServiceAccounts: {
    parameters: {
      query?: {
        /** @description Only accounts with one of these display names (repeatable). */
        display_name?: string | string[];
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Service account list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceAccountList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  createServiceAccount: {
    parameters: {
      query?: {
        /** @description Principal id (`u-…` or `sa-…`) that becomes ResourceOwner of the new account. */
        assigned_resource_owner?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ServiceAccountCreate'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Service account */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  deleteServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      409: components['responses']['OrganizationLockout'];
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  updateServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ServiceAccountUpdate'];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listApiKeys: {
    parameters: {
      query?: {
        'spec.owner'?: string;
        'spec.resource'?: string;
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description API key list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  createApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApiKeyCreate'];
      };
    };
    responses: {
      /** @description Created; `spec.secret` is shown this once */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKey'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description API key */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKey'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  deleteApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      409: components['responses']['OrganizationLockout'];
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  updateApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApiKeyUpdate'];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKey'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listRoleBindings: {
    parameters: {
      query: {
        /** @description A CRN, optionally ending with `*`; bindings at, above or below it are listed. */
        crn_pattern: components['schemas']['CrnPattern'];
        principal?: string;
        role_name?: string;
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Role binding list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoleBindingList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  createRoleBinding: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RoleBindingCreate'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoleBinding'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getRoleBinding: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Role binding */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoleBinding'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  deleteRoleBinding: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; the body is the deleted binding */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoleBinding'];
        };
      };
      409: components['responses']['OrganizationLockout'];
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listAuditEvents: {
    parameters: {
      query?: {
        /** @description Exact principal id (u-… or sa-…) */
        principal?: string;
        /** @description OperationId or `authenticate` */
        action?: string;
        /** @description CRN prefix of the resource acted on. */
        resource_name?: string;
        status?: number;
        since?: string;
        until?: string;
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Audit event list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditEventList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listCosts: {
    parameters: {
      query: {
        /** @description First day (UTC), inclusive. */
        start_date: string;
        /** @description Day after the last (UTC), exclusive; at most 366 days after start_date. */
        end_date: string;
        /** @description Lines per page (default 5000, at most 10000). */
        page_size?: number;
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Cost list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CostList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getBillingReport: {
    parameters: {
      query?: {
        /** @description A UTC calendar month, YYYY-MM; instead of start_date and end_date. */
        month?: string;
        /** @description First day (UTC), inclusive; with end_date, instead of month. */
        start_date?: string;
        /** @description Day after the last (UTC), exclusive; at most 366 days after start_date. */
        end_date?: string;
        /** @description json, csv, html or pdf. Without it the Accept header chooses (application/json, text/csv, text/html, application/pdf; JSON for *\/*), and an Accept naming none of them gets 406. */
        format?: 'json' | 'csv' | 'html' | 'pdf';
        /** @description How many statements top_statements lists (default 10). */
        top?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The report */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BillingReport'];
          'text/csv': string;
          'text/html': string;
          'application/pdf': string;
        };
      };
      406: components['responses']['Failure'];
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  queryMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MetricsQuery'];
      };
    };
    responses: {
      /** @description Data points, FLAT or GROUPED */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MetricsQueryResponse'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listMetricDescriptors: {
    parameters: {
      query?: {
        /** @description Only metrics of this resource type (compute_pool, flink_statement). */
        resource_type?: string;
        /** @description Items per page (default 100, at most 1000). */
        page_size?: components['parameters']['MetricsPageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Metric descriptors */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MetricDescriptorList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listResourceDescriptors: {
    parameters: {
      query?: {
        /** @description Items per page (default 100, at most 1000). */
        page_size?: components['parameters']['MetricsPageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Resource descriptors */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ResourceDescriptorList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  exportMetrics: {
    parameters: {
      query?: {
        /** @description Only these compute pools (repeat the parameter for several). */
        'resource.compute_pool.id'?: string | string[];
        /** @description Only these environments (repeat the parameter for several). */
        'resource.environment.id'?: string | string[];
        /** @description Only these metrics (repeat the parameter for several); all exportable ones by default. */
        metric?: string | string[];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text format 0.0.4 */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getOperatorMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text format 0.0.4 */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      default: components['responses']['Failure'];
    };
  };
  listNotificationSubscriptions: {
    parameters: {
      query: {
        /** @description Id of the environment the resource belongs to (`env-…`). */
        environment: components['parameters']['EnvironmentQuery'];
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Subscription list */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationSubscriptionList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  createNotificationSubscription: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NotificationSubscriptionCreate'];
      };
    };
    responses: {
      /** @description Created; `spec.secret` is shown only in this response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationSubscription'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  getNotificationSubscription: {
    parameters: {
      query: {
        /** @description Id of the environment the resource belongs to (`env-…`). */
        environment: components['parameters']['EnvironmentQuery'];
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Subscription */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationSubscription'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  deleteNotificationSubscription: {
    parameters: {
      query: {
        /** @description Id of the environment the resource belongs to (`env-…`). */
        environment: components['parameters']['EnvironmentQuery'];
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  updateNotificationSubscription: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NotificationSubscriptionUpdate'];
      };
    };
    responses: {
      /** @description Updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationSubscription'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  testNotificationSubscription: {
    parameters: {
      query: {
        /** @description Id of the environment the resource belongs to (`env-…`). */
        environment: components['parameters']['EnvironmentQuery'];
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Queued; its attempts appear in the delivery log */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationTestSend'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
  listNotificationDeliveries: {
    parameters: {
      query: {
        /** @description Id of the environment the resource belongs to (`env-…`). */
        environment: components['parameters']['EnvironmentQuery'];
        /** @description Items per page (default 10, at most 100). */
        page_size?: components['parameters']['PageSize'];
        /** @description Opaque cursor taken from `metadata.next` of the previous page; valid only with the filters it was issued with (400 otherwise). */
        page_token?: components['parameters']['PageToken'];
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Delivery attempts */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationDeliveryList'];
        };
      };
      429: components['responses']['TooManyRequests'];
      default: components['responses']['Failure'];
    };
  };
}

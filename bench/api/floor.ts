/**
 * The API benchmark's floor: a bare `node:http` + `pg` server doing the work cflink's statement
 * routes must do, and nothing else, so cflink's figures read as a ratio against what PostgreSQL
 * and Node.js allow on the same machine in the same run. Every request authenticates like the
 * product (the API key with its owner's role bindings in one query, the salted hash checked by
 * the product's own verifySecret), then:
 *
 * - GET  /sql/v1/organizations/:org/environments/:env/statements/:name: the row by its unique index;
 * - GET  …/statements?page_size=n: one keyset page in seq order;
 * - POST …/statements: one transaction locking the pool (FOR SHARE), inserting the statement and
 *   its StartStatement outbox command, and notifying the scheduler;
 *
 * and writes the statement(s) as JSON: the same representation cflink writes, field for field
 * (metadata.self, status.identity, scaling_status.last_updated, network_kind and the optional
 * status fields read from the same columns; bench/api/run.ts checks the two agree), with the
 * instants formatted by PostgreSQL as cflink's list does. Run as its own process:
 * node dist/bench/api/floor.js <port> <cflink's public URL, written in metadata.self>.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { verifySecret } from '../../apps/api/src/auth/api-key-secrets';
import { BENCH_DB_URL } from '../api-process';
import { newStatementTransactionalIdPrefix } from '../../libs/domain/src/kafka-acls';

const pool = new pg.Pool({ connectionString: BENCH_DB_URL, max: 10 });

const AUTH_SQL = `SELECT k.id, k.organization_id, k.owner_id, k.secret_hash, k.resource_id,
    COALESCE(json_agg(json_build_object('principal', b.principal, 'roleName', b.role_name,
                                        'crnPattern', b.crn_pattern)) FILTER (WHERE b.id IS NOT NULL), '[]') AS bindings
  FROM api_keys k
  LEFT JOIN role_bindings b ON b.organization_id = k.organization_id AND b.principal = 'User:' || k.owner_id
  WHERE k.id = $1 GROUP BY k.id`;
const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;
const COLUMNS = `uid, organization_id, environment_id, name, resource_version, labels, statement, properties,
  compute_pool_id, principal, stopped, baseline_cfu, phase, detail, traits, scaling_state, latest_offsets,
  latest_metrics, ${['scaling_updated_at', 'latest_offsets_timestamp', 'start_time', 'end_time', 'created_at', 'updated_at'].map(utc).join(', ')}, seq`;
const BASE = process.argv[3] ?? 'http://127.0.0.1';

interface Row {
  uid: string;
  organization_id: string;
  environment_id: string;
  name: string;
  resource_version: number;
  labels: unknown;
  statement: string;
  properties: unknown;
  compute_pool_id: string;
  principal: string;
  stopped: boolean;
  baseline_cfu: number | null;
  phase: string;
  detail: string;
  traits: unknown;
  scaling_state: string;
  latest_offsets: unknown;
  latest_metrics: { skippedRecords?: unknown; deadLetterRecords?: unknown } | null;
  scaling_updated_at: string | null;
  latest_offsets_timestamp: string | null;
  start_time: string | null;
  end_time: string | null;
  created_at: string;
  updated_at: string;
  seq: string;
}

async function authenticate(req: IncomingMessage): Promise<{ organizationId: string; principal: string } | null> {
  const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
  if (scheme !== 'Basic' || !encoded) return null;
  const [key, secret] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  const { rows } = await pool.query({ name: 'auth', text: AUTH_SQL, values: [key] });
  const row = rows[0] as { organization_id: string; owner_id: string; secret_hash: string } | undefined;
  if (!row || !verifySecret(secret, row.secret_hash)) return null;
  return { organizationId: row.organization_id, principal: row.owner_id };
}

function status(r: Row) {
  const status: Record<string, unknown> = {
    phase: r.phase,
    detail: r.detail,
    scaling_status: { scaling_state: r.scaling_state, last_updated: r.scaling_updated_at ?? r.updated_at },
    network_kind: 'PUBLIC',
    identity: `crn://confluent.cloud/organization=${r.organization_id}/${r.principal.startsWith('sa-') ? 'service-account' : 'user'}=${r.principal}`,
  };
  if (r.traits) status.traits = r.traits;
  if (r.phase === 'STOPPED' && r.latest_offsets) {
    status.latest_offsets = r.latest_offsets;
    if (r.latest_offsets_timestamp) status.latest_offsets_timestamp = r.latest_offsets_timestamp;
  }
  const skipped = r.latest_metrics?.skippedRecords;
  if (typeof skipped === 'number') {
    const dead = r.latest_metrics?.deadLetterRecords;
    status.error_handling = { skipped_records: skipped, dead_letter_records: typeof dead === 'number' ? dead : 0 };
  }
  if ((r.phase === 'COMPLETED' || r.phase === 'FAILED' || r.phase === 'STOPPED') && r.end_time) {
    status.end_time = r.end_time;
    if (r.start_time) {
      const s = Math.max(0, Math.round((Date.parse(r.end_time) - Date.parse(r.start_time)) / 1000));
      const [h, m] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60)];
      status.duration = `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s % 60 || s < 60 ? `${s % 60}S` : ''}`;
    }
  }
  return status;
}

function view(r: Row) {
  const spec: Record<string, unknown> = {
    statement: r.statement,
    properties: r.properties,
    compute_pool_id: r.compute_pool_id,
    principal: r.principal,
    stopped: r.stopped,
  };
  if (r.baseline_cfu !== null) spec.scaling = { baseline_cfu: r.baseline_cfu };
  return {
    api_version: 'sql/v1',
    kind: 'Statement',
    name: r.name,
    organization_id: r.organization_id,
    environment_id: r.environment_id,
    metadata: {
      self: `${BASE}/sql/v1/organizations/${r.organization_id}/environments/${r.environment_id}/statements/${encodeURIComponent(r.name)}`,
      created_at: r.created_at,
      updated_at: r.updated_at,
      uid: r.uid,
      resource_version: String(r.resource_version),
      labels: r.labels,
    },
    spec,
    status: status(r),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The fields of a create body the floor uses (the benchmark always sends them). */
interface CreateBody {
  name: string;
  spec: { statement: string; compute_pool_id: string };
}

async function readBody(req: IncomingMessage): Promise<CreateBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as CreateBody;
}

async function create(org: string, env: string, principal: string, body: CreateBody) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const pools = await client.query({
      name: 'lock-pool',
      text: `SELECT id, cloud, region FROM compute_pools WHERE id = $1 AND environment_id = $2 AND organization_id = $3 FOR SHARE`,
      values: [body.spec.compute_pool_id, env, org],
    });
    if (pools.rows.length === 0) throw new Error('no such pool');
    const uid = randomUUID();
    const { rows } = await client.query({
      name: 'insert-statement',
      text: `INSERT INTO statements (uid, organization_id, environment_id, name, statement, compute_pool_id, flink_region,
               principal, transactional_id_prefix, phase, detail, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PENDING', 'Waiting for compute pool.', now()) RETURNING ${COLUMNS}`,
      values: [
        uid,
        org,
        env,
        body.name,
        body.spec.statement,
        pools.rows[0].id,
        'aws.us-east-1',
        principal,
        newStatementTransactionalIdPrefix(principal, uid),
      ],
    });
    await client.query({
      name: 'insert-outbox',
      text: `INSERT INTO outbox_commands (organization_id, command, subject_id, payload) VALUES ($1, 'StartStatement', $2, $3)`,
      values: [org, uid, { version: 1, environmentId: env, name: body.name, resourceVersion: 1, resume: false }],
    });
    await client.query('NOTIFY cflink_outbox');
    await client.query('COMMIT');
    return rows[0] as Row;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://floor');
  const m = /^\/sql\/v1\/organizations\/([^/]+)\/environments\/([^/]+)\/statements(?:\/([^/]+))?$/.exec(url.pathname);
  if (!m) return send(res, 404, { errors: [{ detail: 'not found' }] });
  const caller = await authenticate(req);
  if (!caller) return send(res, 401, { errors: [{ detail: 'unauthenticated' }] });
  const [, org, env, name] = m;
  if (org !== caller.organizationId) return send(res, 404, { errors: [{ detail: 'not found' }] });
  if (req.method === 'POST' && !name)
    return send(res, 200, view(await create(org, env, caller.principal, await readBody(req))));
  if (name) {
    const { rows } = await pool.query({
      name: 'get',
      text: `SELECT ${COLUMNS} FROM statements WHERE environment_id = $1 AND name = $2 AND organization_id = $3`,
      values: [env, name, org],
    });
    return rows.length ? send(res, 200, view(rows[0] as Row)) : send(res, 404, { errors: [{ detail: 'not found' }] });
  }
  const size = Number(url.searchParams.get('page_size') ?? 10);
  const { rows } = await pool.query({
    name: 'list',
    text: `SELECT ${COLUMNS} FROM statements WHERE organization_id = $1 AND environment_id = $2 ORDER BY seq LIMIT $3`,
    values: [org, env, size + 1],
  });
  const page = (rows as Row[]).slice(0, size);
  const next =
    rows.length > size
      ? `${BASE}${url.pathname}?page_size=${size}&page_token=${Buffer.from(page[size - 1].seq).toString('base64url')}`
      : null;
  send(res, 200, { api_version: 'sql/v1', kind: 'StatementList', metadata: { next }, data: page.map(view) });
}

const port = Number(process.argv[2] ?? 8098);
createServer((req, res) => {
  handle(req, res).catch((e: Error) => send(res, 500, { errors: [{ detail: e.message }] }));
}).listen(port, '127.0.0.1');

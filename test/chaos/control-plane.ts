/**
 * The chaos suite's view of cflink from outside: REST calls as a client makes them (Basic auth,
 * retried on another API replica when the connection breaks) and Flink's own job list.
 */
import { ADMIN_KEY, ADMIN_SECRET } from './processes';
import { PORTS } from './infra';

const AUTH = `Basic ${Buffer.from(`${ADMIN_KEY}:${ADMIN_SECRET}`).toString('base64')}`;

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** Every 5xx any call met: an outage may delay an answer, never leak a server error. */
export const serverErrors: string[] = [];

/** One call to one replica; a broken connection throws. */
export async function call(port: number, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: AUTH, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status >= 500 && res.status !== 503)
    serverErrors.push(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A client with every replica's address: a call whose connection breaks goes to the next one. */
export async function request(method: string, path: string, body?: unknown): Promise<Reply> {
  let last: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = PORTS.apis[attempt % PORTS.apis.length];
    try {
      const reply = await call(port, method, path, body);
      // 503: the API is up but a dependency is not (PostgreSQL restarting); a client backs off.
      if (reply.status !== 503) return reply;
      last = new Error(`503 ${JSON.stringify(reply.body)}`);
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250 * Math.min(attempt + 1, 8)));
  }
  throw new Error(`${method} ${path} failed on every replica: ${String(last)}`);
}

export interface StatementView {
  name: string;
  uid: string;
  phase: string;
  detail: string;
}

export function statementsApi(org: string, env: string) {
  const base = `/sql/v1/organizations/${org}/environments/${env}/statements`;
  return {
    base,
    create: (name: string, statement: string, pool: string) =>
      request('POST', base, { name, spec: { statement, compute_pool_id: pool } }),
    async get(name: string): Promise<StatementView> {
      const r = await request('GET', `${base}/${name}`);
      if (r.status !== 200) throw new Error(`GET ${name}: ${r.status} ${JSON.stringify(r.body)}`);
      const status = r.body.status as { phase: string; detail?: string };
      const metadata = r.body.metadata as { uid: string };
      return { name, uid: metadata.uid, phase: status.phase, detail: status.detail ?? '' };
    },
    async named(name: string): Promise<number> {
      const r = await request('GET', `${base}?page_size=100`);
      return (r.body.data as { name: string }[]).filter((s) => s.name === name).length;
    },
  };
}

const FLINK = `http://127.0.0.1:${PORTS.flinkRest}`;

/** Flink's jobs named `name` that have not ended. */
export async function liveJobs(name: string): Promise<string[]> {
  const res = await fetch(`${FLINK}/jobs/overview`, { signal: AbortSignal.timeout(10_000) });
  const { jobs } = (await res.json()) as { jobs: { jid: string; name: string; state: string }[] };
  return jobs
    .filter((j) => j.name === name && !['FINISHED', 'CANCELED', 'FAILED'].includes(j.state))
    .map((j) => `${j.jid}:${j.state}`);
}

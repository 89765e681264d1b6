import { costMicros, dayRange, formatMicros, MeteringInputError, parseDay } from './metering';

/**
 * Billing report arithmetic, pure: the ledger's daily roll-ups (one row per statement, UTC day,
 * pool and principal) summed by environment → compute pool → statement, by principal and by
 * day. Money is priced exactly as the costs API prices it — once per (day, pool) line, rounded
 * half up to the micro-unit — and each line's amount is then shared among its rows by their
 * CFU-minutes with the largest-remainder method, so every subtotal (statement, principal, day,
 * CSV row) adds up to the costs API's total to the micro-unit.
 */

/** One daily roll-up of the ledger (`cfu_days`). */
export interface UsageRow {
  day: string;
  environmentId: string;
  computePoolId: string;
  flinkRegion: string;
  statementUid: string;
  principal: string;
  cfuMinutes: bigint;
}

/** A report's period: UTC days [start, end), end exclusive. */
export interface ReportPeriod {
  start: string;
  end: string;
  days: string[];
}

export class ReportPeriodError extends MeteringInputError {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
  }
}

/**
 * The period a report request names: `month` (`YYYY-MM`, the whole UTC calendar month) or
 * `start_date` and `end_date` (end exclusive), not both; at most `maxDays` days.
 */
export function reportPeriod(
  query: { month?: string; start_date?: string; end_date?: string },
  maxDays: number,
): ReportPeriod {
  const dates = query.start_date !== undefined || query.end_date !== undefined;
  if (query.month !== undefined) {
    if (dates) throw new ReportPeriodError('give either month or start_date and end_date, not both', 'month');
    const match = /^(\d{4})-(\d{2})$/.exec(query.month);
    const m = match ? Number(match[2]) : 0;
    if (!match || m < 1 || m > 12) throw new ReportPeriodError(`${query.month} is not a month YYYY-MM`, 'month');
    const start = `${match[1]}-${match[2]}-01`;
    const next = new Date(Date.UTC(Number(match[1]), m, 1)).toISOString().slice(0, 10);
    return { start, end: next, days: dayRange(start, next, maxDays) };
  }
  if (query.start_date === undefined || query.end_date === undefined) {
    throw new ReportPeriodError(
      'give month (YYYY-MM) or both start_date and end_date (YYYY-MM-DD, end exclusive)',
      query.start_date === undefined ? 'start_date' : 'end_date',
    );
  }
  for (const p of ['start_date', 'end_date'] as const) {
    try {
      parseDay(query[p]!);
    } catch (e) {
      throw new ReportPeriodError((e as Error).message, p);
    }
  }
  try {
    return { start: query.start_date, end: query.end_date, days: dayRange(query.start_date, query.end_date, maxDays) };
  } catch (e) {
    throw new ReportPeriodError((e as Error).message, 'end_date');
  }
}

/**
 * Shares `total` (micro-units) among `weights` in proportion, as integers that add up to
 * `total` exactly: each gets its floor, and the units left over go to the largest remainders
 * (earlier entries first on ties). All-zero weights get nothing.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (total * w) / sum);
  let left = total - shares.reduce((a, s) => a + s, 0n);
  const order = weights
    .map((w, i) => ({ i, remainder: (total * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares;
}

/** CFU-minutes, CFU-hours and the amount they cost, as the wire shows them. */
export interface Usage {
  cfu_minutes: number;
  cfu_hours: number;
  amount: number;
}

export interface DailyUsage extends Usage {
  date: string;
}

export interface StatementUsage extends Usage {
  uid: string;
  /** The statement's name, or null once it is deleted. */
  name: string | null;
  principals: string[];
}

export interface PoolUsage extends Usage {
  id: string;
  display_name: string;
  region: string;
  /** Price of one CFU-hour in the pool's region. */
  price: number;
  daily: DailyUsage[];
  statements: StatementUsage[];
}

export interface EnvironmentUsage extends Usage {
  id: string;
  compute_pools: PoolUsage[];
}

export interface PrincipalUsage extends Usage {
  principal: string;
  statements: number;
}

export interface TopStatement extends Usage {
  uid: string;
  name: string | null;
  environment_id: string;
  compute_pool_id: string;
  principals: string[];
}

/** One CSV line: a statement's day on a pool as a principal. */
export interface ReportLine extends Usage {
  date: string;
  environment_id: string;
  compute_pool_id: string;
  compute_pool_name: string;
  region: string;
  statement_uid: string;
  statement_name: string | null;
  principal: string;
}

export interface BillingReport {
  api_version: 'billing/v1';
  kind: 'BillingReport';
  organization: { id: string };
  start_date: string;
  end_date: string;
  currency: 'USD';
  unit: 'CFU-hour';
  total: Usage;
  daily: DailyUsage[];
  environments: EnvironmentUsage[];
  principals: PrincipalUsage[];
  top_statements: TopStatement[];
  lines: ReportLine[];
}

export interface ReportInput {
  organizationId: string;
  period: ReportPeriod;
  rows: readonly UsageRow[];
  /** Micro-units per CFU-hour in a Flink region (the costs API's price). */
  priceOf: (flinkRegion: string) => bigint;
  poolName: (id: string) => string | undefined;
  statementName: (uid: string) => string | undefined;
  /** How many statements `top_statements` lists. */
  top: number;
}

/** Running sums of minutes and micro-units. */
class Sum {
  minutes = 0n;
  micros = 0n;
  add(minutes: bigint, micros: bigint) {
    this.minutes += minutes;
    this.micros += micros;
  }
  usage(): Usage {
    return {
      cfu_minutes: Number(this.minutes),
      cfu_hours: Number(this.minutes) / 60,
      amount: Number(formatMicros(this.micros)),
    };
  }
}

function sumOf<K>(map: Map<K, Sum>, key: K): Sum {
  let sum = map.get(key);
  if (!sum) map.set(key, (sum = new Sum()));
  return sum;
}

const byMinutesThen =
  <T extends Usage>(name: (t: T) => string) =>
  (a: T, b: T) =>
    b.cfu_minutes - a.cfu_minutes || name(a).localeCompare(name(b));

/** Builds the report of `rows` (which must lie within the period). */
export function buildBillingReport(input: ReportInput): BillingReport {
  const { period } = input;
  const inPeriod = new Set(period.days);
  // Lines as the costs API has them: (day, pool, environment, region), priced once each.
  const lineKey = (r: UsageRow) => `${r.day}|${r.computePoolId}|${r.environmentId}|${r.flinkRegion}`;
  const lines = new Map<string, UsageRow[]>();
  for (const row of input.rows) {
    if (!inPeriod.has(row.day)) throw new MeteringInputError(`usage of ${row.day} lies outside the report's period`);
    if (row.cfuMinutes <= 0n) continue;
    const list = lines.get(lineKey(row)) ?? [];
    list.push(row);
    lines.set(lineKey(row), list);
  }
  const priced: { row: UsageRow; micros: bigint }[] = [];
  for (const rows of lines.values()) {
    const minutes = rows.reduce((a, r) => a + r.cfuMinutes, 0n);
    const total = costMicros(minutes, input.priceOf(rows[0].flinkRegion));
    const shares = allocate(
      total,
      rows.map((r) => r.cfuMinutes),
    );
    rows.forEach((row, i) => priced.push({ row, micros: shares[i] }));
  }
  priced.sort((a, b) => compareRows(a.row, b.row));

  const total = new Sum();
  const daily = new Map<string, Sum>();
  const envs = new Map<string, Sum>();
  const pools = new Map<string, Sum>();
  const poolDaily = new Map<string, Sum>();
  const poolOf = new Map<string, UsageRow>();
  const statements = new Map<string, Sum>();
  const statementPrincipals = new Map<string, Set<string>>();
  const principals = new Map<string, Sum>();
  const principalStatements = new Map<string, Set<string>>();
  for (const { row, micros } of priced) {
    const m = row.cfuMinutes;
    total.add(m, micros);
    sumOf(daily, row.day).add(m, micros);
    sumOf(envs, row.environmentId).add(m, micros);
    const pool = `${row.environmentId}|${row.computePoolId}`;
    sumOf(pools, pool).add(m, micros);
    poolOf.set(pool, row);
    sumOf(poolDaily, `${pool}|${row.day}`).add(m, micros);
    const statement = `${pool}|${row.statementUid}`;
    sumOf(statements, statement).add(m, micros);
    setOf(statementPrincipals, statement).add(row.principal);
    sumOf(principals, row.principal).add(m, micros);
    setOf(principalStatements, row.principal).add(row.statementUid);
  }

  const statementName = (uid: string) => input.statementName(uid) ?? null;
  const statementNodes = new Map<string, StatementUsage[]>();
  const top: TopStatement[] = [];
  for (const [key, sum] of statements) {
    const [env, poolId, uid] = key.split('|');
    const node = {
      uid,
      name: statementName(uid),
      principals: [...statementPrincipals.get(key)!].sort(),
      ...sum.usage(),
    };
    const list = statementNodes.get(`${env}|${poolId}`) ?? [];
    list.push(node);
    statementNodes.set(`${env}|${poolId}`, list);
    top.push({ ...node, environment_id: env, compute_pool_id: poolId });
  }
  const statementLabel = (s: { name: string | null; uid: string }) => s.name ?? s.uid;

  const poolNodes = new Map<string, PoolUsage[]>();
  for (const [key, sum] of pools) {
    const row = poolOf.get(key)!;
    const node: PoolUsage = {
      id: row.computePoolId,
      display_name: input.poolName(row.computePoolId) ?? row.computePoolId,
      region: row.flinkRegion,
      price: Number(formatMicros(input.priceOf(row.flinkRegion))),
      ...sum.usage(),
      daily: period.days.map((date) => ({ date, ...(poolDaily.get(`${key}|${date}`) ?? new Sum()).usage() })),
      statements: (statementNodes.get(key) ?? []).sort(byMinutesThen<StatementUsage>(statementLabel)),
    };
    const list = poolNodes.get(row.environmentId) ?? [];
    list.push(node);
    poolNodes.set(row.environmentId, list);
  }

  return {
    api_version: 'billing/v1',
    kind: 'BillingReport',
    organization: { id: input.organizationId },
    start_date: period.start,
    end_date: period.end,
    currency: 'USD',
    unit: 'CFU-hour',
    total: total.usage(),
    daily: period.days.map((date) => ({ date, ...(daily.get(date) ?? new Sum()).usage() })),
    environments: [...envs]
      .map(([id, sum]) => ({
        id,
        ...sum.usage(),
        compute_pools: (poolNodes.get(id) ?? []).sort(byMinutesThen((p) => p.id)),
      }))
      .sort(byMinutesThen((e) => e.id)),
    principals: [...principals]
      .map(([principal, sum]) => ({ principal, statements: principalStatements.get(principal)!.size, ...sum.usage() }))
      .sort(byMinutesThen((p) => p.principal)),
    top_statements: top.sort(byMinutesThen<StatementUsage>(statementLabel)).slice(0, input.top),
    lines: priced.map(({ row, micros }) => ({
      date: row.day,
      environment_id: row.environmentId,
      compute_pool_id: row.computePoolId,
      compute_pool_name: input.poolName(row.computePoolId) ?? row.computePoolId,
      region: row.flinkRegion,
      statement_uid: row.statementUid,
      statement_name: statementName(row.statementUid),
      principal: row.principal,
      cfu_minutes: Number(row.cfuMinutes),
      cfu_hours: Number(row.cfuMinutes) / 60,
      amount: Number(formatMicros(micros)),
    })),
  };
}

function setOf<K>(map: Map<K, Set<string>>, key: K): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

function compareRows(a: UsageRow, b: UsageRow): number {
  for (const k of ROW_ORDER) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

const ROW_ORDER = ['day', 'environmentId', 'computePoolId', 'statementUid', 'principal'] as const;

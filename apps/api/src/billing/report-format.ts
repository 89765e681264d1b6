import type { BillingReport } from '#domain';

/** Shared wording of the rendered reports (CSV, HTML, PDF). */

/** An amount as money: at least 2 decimals, up to the 6 the amounts carry. */
export function money(amount: number): string {
  const [whole, fraction = ''] = amount.toFixed(6).split('.');
  return `$${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

/** CFU-hours to 2 decimals. */
export function hours(cfuHours: number): string {
  return cfuHours.toFixed(2);
}

export function periodLabel(report: BillingReport): string {
  return `${report.start_date} to ${report.end_date} (end exclusive, UTC)`;
}

/** A download's file name: the month, or the range. */
export function reportFileName(report: BillingReport, month: string | undefined, ext: string): string {
  return `cflink-billing-${month ?? `${report.start_date}_${report.end_date}`}.${ext}`;
}

export function statementLabel(s: { name: string | null; uid: string }): string {
  return s.name ?? `${s.uid} (deleted)`;
}

/** The chart's series: one per compute pool, its CFU-minutes per day. */
export function poolSeries(report: BillingReport) {
  return report.environments.flatMap((e) =>
    e.compute_pools.map((p) => ({
      label: p.display_name === p.id ? `${p.id} (${e.id})` : `${p.display_name} (${p.id})`,
      values: p.daily.map((d) => d.cfu_minutes),
    })),
  );
}

/** A table of a rendered report: headings, rows, and which columns are numbers (right-aligned). */
export interface ReportTable {
  title: string;
  head: string[];
  rows: (string | number)[][];
  numeric: number[];
}

/** The tables both documents show, in the same words. */
export function reportTables(report: BillingReport) {
  const usage = (u: { cfu_minutes: number; cfu_hours: number; amount: number }) => [
    u.cfu_minutes,
    hours(u.cfu_hours),
    money(u.amount),
  ];
  const environments: ReportTable = {
    title: 'Environments',
    head: ['Environment', 'CFU-minutes', 'CFU-hours', 'Amount'],
    rows: report.environments.map((e) => [e.id, ...usage(e)]),
    numeric: [1, 2, 3],
  };
  const pools: ReportTable = {
    title: 'Compute pools',
    head: ['Environment', 'Pool', 'Id', 'Region', 'Price', 'CFU-min', 'CFU-h', 'Amount'],
    rows: report.environments.flatMap((e) =>
      e.compute_pools.map((p) => [e.id, p.display_name, p.id, p.region, money(p.price), ...usage(p)]),
    ),
    numeric: [4, 5, 6, 7],
  };
  const topStatements: ReportTable = {
    title: 'Top statements',
    head: ['Statement', 'Pool', 'Principals', 'CFU-min', 'CFU-h', 'Amount'],
    rows: report.top_statements.map((s) => [statementLabel(s), s.compute_pool_id, s.principals.join(' '), ...usage(s)]),
    numeric: [3, 4, 5],
  };
  const principals: ReportTable = {
    title: 'Principals',
    head: ['Principal', 'Statements', 'CFU-minutes', 'CFU-hours', 'Amount'],
    rows: report.principals.map((p) => [p.principal, p.statements, ...usage(p)]),
    numeric: [1, 2, 3, 4],
  };
  const statements: ReportTable = {
    title: 'Statements by environment and pool',
    head: ['Environment', 'Pool', 'Statement', 'Principals', 'CFU-min', 'CFU-h', 'Amount'],
    rows: report.environments.flatMap((e) =>
      e.compute_pools.flatMap((p) =>
        p.statements.map((s) => [e.id, p.display_name, statementLabel(s), s.principals.join(' '), ...usage(s)]),
      ),
    ),
    numeric: [4, 5, 6],
  };
  return { environments, pools, topStatements, principals, statements };
}

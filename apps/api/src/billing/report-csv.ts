import type { BillingReport } from '#domain';

const COLUMNS = [
  'date',
  'environment_id',
  'compute_pool_id',
  'compute_pool_name',
  'region',
  'statement_uid',
  'statement_name',
  'principal',
  'cfu_minutes',
  'cfu_hours',
  'amount',
  'currency',
] as const;

/**
 * A text field as RFC 4180 wants it (quoted when it holds a comma, quote or line break). One
 * that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote mark.
 */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report's lines as CSV, one per day, pool, statement and principal, CRLF-terminated. */
export function reportCsv(report: BillingReport): string {
  const rows = report.lines.map((l) =>
    [
      field(l.date),
      field(l.environment_id),
      field(l.compute_pool_id),
      field(l.compute_pool_name),
      field(l.region),
      field(l.statement_uid),
      field(l.statement_name ?? ''),
      field(l.principal),
      String(l.cfu_minutes),
      String(l.cfu_hours),
      String(l.amount),
      report.currency,
    ].join(','),
  );
  return [COLUMNS.join(','), ...rows].map((r) => `${r}\r\n`).join('');
}

import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Schemas } from '#client';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { examples, integer } from '../help';
import type { Row } from '../output';

const FORMATS = ['json', 'csv', 'html', 'pdf'] as const;
type ReportFormat = (typeof FORMATS)[number];

const month = (value: string) => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new UsageError(`--month must look like 2026-11, not "${value}".`);
  return value;
};
const date = (flag: string) => (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new UsageError(`${flag} must be a date like 2026-11-01, not "${value}".`);
  return value;
};

interface ReportOptions {
  month?: string;
  startDate?: string;
  endDate?: string;
  format?: ReportFormat;
  outputFile?: string;
  top?: number;
}

/** The report's period: a month, or [start date, end date); exactly one of the two. */
function period(opts: ReportOptions): { month: string } | { start_date: string; end_date: string } {
  if (opts.month && (opts.startDate || opts.endDate))
    throw new UsageError('Give either --month or --start-date with --end-date, not both.');
  if (opts.month) return { month: opts.month };
  if (opts.startDate && opts.endDate) return { start_date: opts.startDate, end_date: opts.endDate };
  throw new UsageError('Which period? Pass --month 2026-11, or --start-date and --end-date (the end is exclusive).');
}

/** One row per compute pool, for people: where the CFU-minutes and the money went. */
function poolRows(report: Schemas['BillingReport']): Row[] {
  return report.environments.flatMap((env) =>
    env.compute_pools.map((pool) => ({
      environment: env.id,
      compute_pool: pool.id,
      name: pool.display_name,
      region: pool.region,
      statements: pool.statements.length,
      cfu_minutes: pool.cfu_minutes,
      amount: pool.amount,
    })),
  );
}

export function registerBillingReportCommand(billing: Command, ctx: CliContext): void {
  examples(
    billing
      .command('report')
      .description(
        'Download the usage and cost report of a month or date range: CFU-minutes by environment, pool, statement, principal and day. ' +
          'Without --format it is printed (a table per pool, or the JSON report with -o json/yaml); ' +
          'with --format it is written as served to --output-file, or to stdout.',
      )
      .option('--month <yyyy-mm>', 'a UTC calendar month, e.g. 2026-11', month)
      .option('--start-date <date>', 'first day (UTC), with --end-date', date('--start-date'))
      .option('--end-date <date>', 'day after the last (exclusive)', date('--end-date'))
      .addOption(new Option('--format <format>', 'the document to download').choices(FORMATS))
      .option('--output-file <path>', 'write the report to this file instead of stdout')
      .option('--top <n>', 'how many statements the top list holds (default 10)', integer('--top'))
      .action(async (opts: ReportOptions, cmd: Command) => {
        const when = period(opts);
        const s = ctx.session(cmd);
        const query = { ...when, ...(opts.top ? { top: opts.top } : {}) };
        if (!opts.format) {
          if (opts.outputFile) throw new UsageError('--output-file needs --format (json, csv, html or pdf).');
          const report = (await s.call(
            s.client.GET('/billing/v1/reports', { params: { query: { ...query, format: 'json' } } }),
          )) as Schemas['BillingReport'];
          const printer = ctx.printer(cmd);
          if (printer.format !== 'human') return printer.document(report as never);
          printer.line(
            `Billing report ${report.organization.id}, ${report.start_date} to ${report.end_date} (exclusive): ` +
              `${report.total.cfu_minutes} CFU-minutes, ${report.total.amount} ${report.currency}`,
          );
          printer.list(
            [
              { key: 'environment', title: 'Environment' },
              { key: 'compute_pool', title: 'Compute Pool' },
              { key: 'name', title: 'Name' },
              { key: 'region', title: 'Region' },
              { key: 'statements', title: 'Statements' },
              { key: 'cfu_minutes', title: 'CFU Minutes' },
              { key: 'amount', title: 'Amount' },
            ],
            poolRows(report),
          );
          return;
        }
        if (!opts.outputFile && ctx.runtime.stdout.isTTY && opts.format === 'pdf') {
          throw new UsageError(
            'A PDF does not belong on a terminal: pass --output-file report.pdf or redirect stdout.',
          );
        }
        const body = Buffer.from(
          await s.call(
            s.client.GET('/billing/v1/reports', {
              params: { query: { ...query, format: opts.format } },
              parseAs: 'arrayBuffer',
            }) as Promise<{ data?: ArrayBuffer; error?: unknown; response: Response }>,
          ),
        );
        if (!opts.outputFile) {
          ctx.runtime.stdout.write(body as unknown as string);
          return;
        }
        writeFileSync(opts.outputFile, body);
        ctx.printer(cmd).message(`Saved the ${opts.format} report (${body.length} bytes) to ${opts.outputFile}.`, {
          file: opts.outputFile,
          format: opts.format,
          bytes: body.length,
        });
      }),
    [
      'cflink billing report --month 2026-11',
      'cflink billing report --month 2026-11 --format pdf --output-file billing-2026-11.pdf',
      'cflink billing report --start-date 2026-11-01 --end-date 2026-11-08 --format csv > week.csv',
      'cflink billing report --month 2026-11 -o json',
    ],
  );
}

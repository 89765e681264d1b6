import type { Command } from 'commander';
import { listAll, type CliContext } from '../context';
import { UsageError } from '../errors';
import { examples } from '../help';
import { registerBillingReportCommand } from './billing-report';

const date = (flag: string) => (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new UsageError(`${flag} must be a date like 2026-11-01, not "${value}".`);
  return value;
};

export function registerBillingCommands(program: Command, ctx: CliContext): void {
  const billing = program.command('billing').description('Costs and usage reports of the organization.');
  const cost = billing.command('cost').description('Flink costs per day and compute pool.');
  examples(
    cost
      .command('list')
      .description('List costs in [start date, end date) (UTC days; the end date is exclusive).')
      .requiredOption('--start-date <date>', 'first day, e.g. 2026-11-01', date('--start-date'))
      .requiredOption('--end-date <date>', 'day after the last, e.g. 2026-12-01', date('--end-date'))
      .action(async (opts: { startDate: string; endDate: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const items = await listAll((page_token) =>
          s.call(
            s.client.GET('/billing/v1/costs', {
              params: { query: { start_date: opts.startDate, end_date: opts.endDate, page_size: 100, page_token } },
            }),
          ),
        );
        ctx.printer(cmd).list(
          [
            { key: 'start_date', title: 'Start Date' },
            { key: 'end_date', title: 'End Date' },
            { key: 'product', title: 'Product' },
            { key: 'line_type', title: 'Line Type' },
            { key: 'environment', title: 'Environment' },
            { key: 'resource', title: 'Resource' },
            { key: 'quantity', title: 'Quantity' },
            { key: 'unit', title: 'Unit' },
            { key: 'price', title: 'Price' },
            { key: 'amount', title: 'Amount' },
          ],
          items.map((c) => ({
            start_date: c.start_date,
            end_date: c.end_date,
            product: c.product,
            line_type: c.line_type,
            environment: c.resource?.environment?.id ?? null,
            resource: c.resource?.id ?? null,
            quantity: c.quantity,
            unit: c.unit,
            price: c.price,
            amount: c.amount,
          })),
        );
      }),
    ['cflink billing cost list --start-date 2026-11-01 --end-date 2026-12-01'],
  );
  registerBillingReportCommand(billing, ctx);
}

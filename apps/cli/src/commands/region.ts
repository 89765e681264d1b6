import type { Command } from 'commander';
import { listAll, type CliContext } from '../context';
import { examples } from '../help';

export function registerRegionCommands(flink: Command, ctx: CliContext): void {
  const region = flink.command('region').description('Flink regions this deployment serves.');
  examples(
    region
      .command('list')
      .description('List Flink regions.')
      .option('--cloud <cloud>', 'only this cloud, e.g. aws')
      .option('--region <region>', 'only this region name, e.g. us-east-1')
      .action(async (opts: { cloud?: string; region?: string }, cmd: Command) => {
        const s = ctx.session(cmd);
        const items = await listAll((page_token) =>
          s.call(
            s.client.GET('/fcpm/v2/regions', {
              params: {
                query: { cloud: opts.cloud?.toUpperCase(), region_name: opts.region, page_size: 100, page_token },
              },
            }),
          ),
        );
        ctx.printer(cmd).list(
          [
            { key: 'id', title: 'ID' },
            { key: 'name', title: 'Name' },
            { key: 'cloud', title: 'Cloud' },
            { key: 'region', title: 'Region' },
            { key: 'http_endpoint', title: 'HTTP Endpoint' },
          ],
          items.map((r) => ({
            id: r.id,
            name: r.display_name,
            cloud: r.cloud,
            region: r.region_name,
            http_endpoint: r.http_endpoint,
          })),
        );
      }),
    ['cflink flink region list', 'cflink flink region list --cloud aws -o json'],
  );
}

import type { Command } from 'commander';
import type { CliContext } from '../context';
import { confirm } from '../help';

/**
 * Deletes several resources after one confirmation. Humans get a line per deletion as it
 * happens; json/yaml get one array `[{<key>: id, deleted: true}, …]` whatever the count.
 */
export async function deleteEach(
  ctx: CliContext,
  cmd: Command,
  what: string,
  ids: string[],
  options: { force?: boolean; key?: string },
  remove: (id: string) => Promise<string | void>,
): Promise<void> {
  await confirm(ctx.runtime, `Delete ${what}${ids.length > 1 ? 's' : ''} ${ids.join(', ')}?`, options.force);
  const printer = ctx.printer(cmd);
  const done = [];
  for (const id of ids) {
    const message = (await remove(id)) ?? `Deleted ${what} "${id}".`;
    if (printer.format === 'human') printer.line(message);
    done.push({ [options.key ?? 'id']: id, deleted: true });
  }
  if (printer.format !== 'human')
    printer.list(
      [
        { key: options.key ?? 'id', title: 'ID' },
        { key: 'deleted', title: 'Deleted' },
      ],
      done,
    );
}

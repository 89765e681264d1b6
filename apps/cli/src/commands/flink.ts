import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerShellCommand } from '../shell/shell-command';
import { registerComputePoolCommands } from './compute-pool';
import { registerRegionCommands } from './region';
import { registerStatementCommands } from './statement';

export function registerFlinkCommands(program: Command, ctx: CliContext): void {
  const flink = program.command('flink').description('Flink compute pools, regions, statements and the SQL shell.');
  registerComputePoolCommands(flink, ctx);
  registerRegionCommands(flink, ctx);
  registerStatementCommands(flink, ctx);
  registerShellCommand(flink, ctx);
}

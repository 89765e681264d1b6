import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerRoleBindingCommands } from './role-binding';
import { registerServiceAccountCommands } from './service-account';

export function registerIamCommands(program: Command, ctx: CliContext): void {
  const iam = program.command('iam').description('Identity and access: service accounts and role bindings.');
  registerServiceAccountCommands(iam, ctx);
  registerRoleBindingCommands(iam, ctx);
}

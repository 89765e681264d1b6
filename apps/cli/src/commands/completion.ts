/**
 * Shell completion: `cflink completion bash|zsh` prints a script that asks `cflink __complete
 * <words…>` for candidates, so completion always follows the installed command tree.
 */
import { Argument, type Command } from 'commander';
import type { CliContext } from '../context';
import { examples } from '../help';

const BASH = `# cflink completion for bash: source <(cflink completion bash)
_cflink_complete() {
  local IFS=$'\\n'
  COMPREPLY=( $(cflink __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -o default -F _cflink_complete cflink
`;

const ZSH = `#compdef cflink
# cflink completion for zsh: source <(cflink completion zsh)
_cflink_complete() {
  local -a candidates
  candidates=(\${(f)"$(cflink __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)"})
  compadd -- $candidates
}
compdef _cflink_complete cflink
`;

function takesValue(command: Command, flag: string): boolean {
  for (let c: Command | null = command; c; c = c.parent) {
    const option = c.options.find((o) => o.long === flag || o.short === flag);
    if (option) return option.required || option.optional;
  }
  return false;
}

function longFlags(command: Command): string[] {
  const flags: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) flags.push(...c.options.map((o) => o.long!).filter(Boolean));
  return [...flags, '--help'];
}

/** Candidates for the last of `words` (the words typed after `cflink`, the last one partial). */
export function completeWords(program: Command, words: string[]): string[] {
  let command = program;
  const typed = words.slice(0, -1);
  const current = words.at(-1) ?? '';
  for (let i = 0; i < typed.length; i++) {
    const word = typed[i];
    if (word.startsWith('-')) {
      if (!word.includes('=') && takesValue(command, word)) i++;
      continue;
    }
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub) command = sub;
  }
  const candidates = current.startsWith('-')
    ? longFlags(command)
    : command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map((c) => c.name());
  return candidates.filter((c) => c.startsWith(current)).sort();
}

export function registerCompletionCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('completion')
      .description('Print a shell completion script.')
      .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh']))
      .action((shell: 'bash' | 'zsh') => {
        ctx.runtime.stdout.write(shell === 'bash' ? BASH : ZSH);
      }),
    [
      'source <(cflink completion bash)            # in ~/.bashrc',
      'cflink completion zsh > "${fpath[1]}/_cflink"  # then restart zsh',
    ],
  );
}

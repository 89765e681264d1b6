/** Runs one `cflink` invocation and turns whatever went wrong into a message and an exit code. */
import { CommanderError } from 'commander';
import { CliContext, type Runtime } from './context';
import { CliError, EXIT } from './errors';
import { buildProgram } from './program';
import { completeWords } from './commands/completion';

export async function run(argv: string[], runtime: Runtime): Promise<number> {
  const ctx = new CliContext(runtime);
  const program = buildProgram(ctx);
  if (argv[2] === '__complete') {
    runtime.stdout.write(
      completeWords(program, argv.slice(3))
        .map((c) => `${c}\n`)
        .join(''),
    );
    return EXIT.OK;
  }
  try {
    await program.parseAsync(argv);
    return EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; commander already printed the error.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof CliError) {
      runtime.stderr.write(`Error: ${e.message}\n`);
      return e.exitCode;
    }
    runtime.stderr.write(`Error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.API;
  }
}

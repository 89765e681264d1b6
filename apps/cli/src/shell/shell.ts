/** `cflink flink shell`: reads statements, answers SET/USE itself and runs the rest on the API. */
import { dirname } from 'node:path';
import type { CliContext, Session } from '../context';
import { CliError } from '../errors';
import { formatTable } from '../output';
import { generatedStatementName, Statements, type Statement } from '../commands/statement-api';
import { KeyListener } from './keys';
import { INTERRUPTED, LineReader } from './line-reader';
import { ResultsView } from './results-view';
import { parseShellCommand, ShellSettings } from './shell-commands';
import { splitStatements } from './statement-splitter';
import { Spinner } from '../wait';

/** Kinds whose results are rows to show (the rest report their phase). */
const RESULT_KINDS = new Set(['SELECT', 'SHOW', 'DESCRIBE', 'EXPLAIN']);

export interface ShellOptions {
  environmentId: string;
  computePool?: string;
  serviceAccount?: string;
  database?: string;
}

export class SqlShell {
  private readonly settings = new ShellSettings();
  private readonly keys: KeyListener;
  private readonly lines: LineReader;
  private statements!: Statements;

  constructor(
    private readonly ctx: CliContext,
    private readonly session: Session,
    private readonly options: ShellOptions,
  ) {
    this.keys = new KeyListener(ctx.runtime);
    this.lines = new LineReader(ctx.runtime, `${dirname(ctx.store.path)}/shell_history`);
    if (options.database) this.settings.set('sql.current-database', options.database);
    if (options.serviceAccount) this.settings.set('client.service-account', options.serviceAccount);
  }

  private out(text: string): void {
    this.ctx.runtime.stdout.write(`${text}\n`);
  }

  private error(text: string): void {
    this.ctx.runtime.stderr.write(`Error: ${text}\n`);
  }

  async run(): Promise<void> {
    this.statements = await Statements.of(this.session, this.options.environmentId);
    if (this.ctx.runtime.stdin.isTTY) {
      this.out(
        `cflink SQL shell · environment ${this.options.environmentId}${this.options.computePool ? ` · compute pool ${this.options.computePool}` : ''}`,
      );
      this.out(
        "End statements with ';'. SET 'key' = 'value' for sql.* and client.* settings, USE to switch catalog or database, exit to leave.",
      );
    }
    let buffer = '';
    try {
      for (;;) {
        const line = await this.lines.read(buffer ? '     > ' : 'cflink> ');
        if (line === null) break;
        if (line === INTERRUPTED) {
          buffer = '';
          continue;
        }
        if (!buffer.trim() && /^\s*(exit|quit)\s*;?\s*$/i.test(line)) break;
        const split = splitStatements(`${buffer}${line}\n`);
        buffer = split.rest;
        for (const statement of split.statements) {
          if ((await this.execute(statement)) === 'quit') return;
        }
      }
    } finally {
      this.lines.close();
    }
  }

  private async execute(statement: string): Promise<'quit' | void> {
    const command = parseShellCommand(statement);
    switch (command.kind) {
      case 'quit':
        return 'quit';
      case 'invalid':
        return this.report(new CliError(command.message));
      case 'set': {
        const refused = this.settings.set(command.key, command.value);
        return refused ? this.report(new CliError(refused)) : this.out(`Set '${command.key}' = '${command.value}'.`);
      }
      case 'reset':
        this.settings.reset(command.key);
        return this.out(command.key ? `Reset '${command.key}'.` : 'Reset every setting.');
      case 'show-settings': {
        const rows = [...this.settings.values].map(([k, v]) => [k, v]);
        return this.out(rows.length ? formatTable(['Key', 'Value'], rows) : 'No settings.');
      }
      case 'use':
        return this.use(command.catalog, command.database).catch((e) => this.report(e));
      case 'sql':
        this.lines.suspend();
        return this.runSql(statement).catch((e) => this.report(e));
    }
  }

  /** Statements that failed, so a script feeding the shell can tell from the exit code. */
  failures = 0;

  private report(e: unknown): void {
    if (!(e instanceof CliError)) throw e;
    this.failures++;
    this.error(e.message);
  }

  /**
   * USE CATALOG switches environment when the catalog names another one (by display name or id),
   * as a catalog is an environment; the examples catalog stays in the current environment.
   */
  private async use(catalog: string | undefined, database: string | undefined): Promise<void> {
    if (catalog !== undefined && catalog !== 'examples') {
      const envs = await this.session.call(
        this.session.client.GET('/org/v2/environments', { params: { query: { page_size: 100 } } }),
      );
      const env = envs.data.find((e) => e.id === catalog || e.display_name === catalog);
      if (!env) throw new CliError(`No environment (catalog) named "${catalog}".`);
      if (env.id !== this.statements.environmentId) {
        this.statements = new Statements(this.session, this.statements.organizationId, env.id);
        this.out(`Using environment ${env.id} (${env.display_name}).`);
      }
    }
    if (catalog !== undefined) this.settings.set('sql.current-catalog', catalog);
    if (database !== undefined) this.settings.set('sql.current-database', database);
    this.out(
      [catalog !== undefined && `catalog '${catalog}'`, database !== undefined && `database '${database}'`]
        .filter(Boolean)
        .join(', ') + ' in use.',
    );
  }

  private async runSql(sql: string): Promise<void> {
    const pool = this.options.computePool;
    const principal = this.settings.get('client.service-account');
    const properties = this.settings.properties();
    const created = await this.statements.create({
      name: this.settings.takeStatementName() ?? generatedStatementName(),
      spec: {
        statement: sql,
        ...(pool ? { compute_pool_id: pool } : {}),
        ...(principal ? { principal } : {}),
        ...(Object.keys(properties).length ? { properties } : {}),
      },
    });
    const started = await this.waitUntilStarted(created);
    if (!started) return;
    const { phase, detail, traits } = started.status;
    if (phase === 'FAILED' || phase === 'FAILING') {
      throw new CliError(`Statement "${started.name}" FAILED: ${detail ?? 'no detail'}`);
    }
    const columns = traits?.schema?.columns?.map((c) => c.name) ?? [];
    if (!RESULT_KINDS.has(traits?.sql_kind ?? '') || columns.length === 0) {
      return this.out(`Statement "${started.name}" is ${phase}${detail ? `: ${detail}` : '.'}`);
    }
    const plain = this.settings.get('client.output-format') === 'plain';
    const view = new ResultsView(this.ctx.runtime, this.statements, started.name, columns, this.keys, plain);
    const outcome = await view.show();
    if (outcome.ended === 'interrupted') await this.stop(started.name);
  }

  /** Waits while the statement is PENDING; Ctrl-C stops it. Undefined when it was stopped or still waits. */
  private async waitUntilStarted(statement: Statement): Promise<Statement | undefined> {
    const limit = Number(this.settings.get('client.results-timeout') ?? 600_000);
    const spinner = new Spinner(this.ctx.runtime.stdout).start(`${statement.name}: ${statement.status.phase}`);
    let interrupted = false;
    this.keys.start((key) => (interrupted ||= key === 'interrupt' || key === 'quit'));
    const deadline = Date.now() + limit;
    let current = statement;
    try {
      while (current.status.phase === 'PENDING' && !interrupted && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        current = await this.statements.get(statement.name);
        spinner.update(`${statement.name}: ${current.status.phase}`);
      }
    } finally {
      spinner.stop();
      this.keys.stop();
    }
    if (interrupted) {
      await this.stop(statement.name);
      return undefined;
    }
    if (current.status.phase === 'PENDING') {
      this.out(
        `Statement "${statement.name}" is still PENDING after ${Math.round(limit / 1000)}s${current.status.scaling_status?.scaling_state === 'POOL_EXHAUSTED' ? ' (its pool is exhausted)' : ''}; it keeps waiting in the background.`,
      );
      return undefined;
    }
    return current;
  }

  private async stop(name: string): Promise<void> {
    const current = await this.statements.get(name);
    if (['COMPLETED', 'FAILED', 'STOPPED', 'STOPPING'].includes(current.status.phase)) return;
    await this.statements.setStopped(name, true);
    this.out(`Stopped statement "${name}".`);
  }
}

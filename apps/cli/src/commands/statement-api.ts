/** Statement calls shared by the statement commands and the SQL shell. */
import { randomUUID } from 'node:crypto';
import type { Schemas } from '#client';
import { CliError, EXIT } from '../errors';
import type { Runtime, Session } from '../context';
import { GONE, waitForPhase } from '../wait';

export type Statement = Schemas['Statement'];

/** Confluent's client naming: `cli-YYYY-MM-DD-HHMMSS-<uuid>`. */
export function generatedStatementName(now = new Date()): string {
  const stamp = now.toISOString().replace(/T/, '-').replace(/:/g, '').slice(0, 17);
  return `cli-${stamp}-${randomUUID()}`;
}

export class Statements {
  constructor(
    readonly session: Session,
    readonly organizationId: string,
    readonly environmentId: string,
  ) {}

  static async of(session: Session, environmentId: string): Promise<Statements> {
    return new Statements(session, (await session.org()).id, environmentId);
  }

  private get base() {
    return { organization_id: this.organizationId, environment_id: this.environmentId };
  }

  private item(name: string) {
    return { params: { path: { ...this.base, statement_name: name } } };
  }

  create(body: Schemas['StatementCreate']): Promise<Statement> {
    const { client } = this.session;
    return this.session.call(
      client.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: this.base },
        body,
      }),
    );
  }

  list(computePoolId: string | undefined, page_token: string | undefined) {
    return this.session.call(
      this.session.client.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: this.base, query: { 'spec.compute_pool_id': computePoolId, page_size: 100, page_token } },
      }),
    );
  }

  get(name: string): Promise<Statement> {
    return this.session.call(
      this.session.client.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        this.item(name),
      ),
    );
  }

  /** The statement, or undefined once it is gone. */
  async find(name: string): Promise<Statement | undefined> {
    try {
      return await this.get(name);
    } catch (e) {
      if (e instanceof CliError && e.exitCode === EXIT.NOT_FOUND) return undefined;
      throw e;
    }
  }

  /**
   * Stops or resumes: sends the statement back as read with `spec.stopped` changed (and, on
   * resume, maybe another pool or principal); a concurrent change (409) is re-read and retried.
   */
  async setStopped(name: string, stopped: boolean, change: { compute_pool_id?: string; principal?: string } = {}) {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(name);
      const body = { ...current, spec: { ...current.spec, ...change, stopped } };
      try {
        await this.session.call(
          this.session.client.PUT(
            '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
            { ...this.item(name), body },
          ),
        );
        return;
      } catch (e) {
        if (attempt >= 3 || !(e instanceof CliError) || !/^409 /.test(e.message)) throw e;
      }
    }
  }

  delete(name: string): Promise<unknown> {
    return this.session.call(
      this.session.client.DELETE(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        this.item(name),
      ),
    );
  }

  exceptions(name: string) {
    return this.session.call(
      this.session.client.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}/exceptions',
        this.item(name),
      ),
    );
  }

  results(name: string, page_token: string | undefined) {
    return this.session.call(
      this.session.client.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results',
        { params: { path: { ...this.base, name }, query: { page_token } } },
      ),
    );
  }

  /** Waits with a spinner until the statement reaches a settled phase (or is gone). */
  wait(runtime: Runtime, name: string, settled: readonly string[], timeoutMs: number): Promise<Statement | undefined> {
    return waitForPhase(runtime, {
      what: `statement ${name}`,
      read: () => this.find(name),
      phase: (s) => s.status.phase,
      settled: (phase) => settled.includes(phase),
      timeoutMs,
    });
  }
}

/** The phases `--wait` returns at, per operation. FAILED always ends a wait. */
export const SETTLED = {
  create: ['RUNNING', 'COMPLETED', 'DEGRADED', 'FAILED', 'STOPPED'],
  stop: ['STOPPED', 'FAILED', 'COMPLETED'],
  resume: ['RUNNING', 'COMPLETED', 'DEGRADED', 'FAILED'],
  delete: [GONE],
} as const;

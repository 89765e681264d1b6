import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';

/** A connection inside `SqlService.transaction`. */
export type SqlTx = Pick<pg.PoolClient, 'query'>;

/**
 * Prepared SQL through node-postgres for the API's hot paths (authentication, statement reads,
 * lists and creation), where Prisma's per-query cost (its client runtime and WASM query
 * compiler) outweighed PostgreSQL's own; Prisma keeps the schema, migrations and every other
 * query. Statements are prepared once per connection under their `name`.
 */
@Injectable()
export class SqlService implements OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(@Inject(CFLINK_CONFIG) config: CflinkConfig) {
    this.pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    // An idle connection dropped by the server (a PostgreSQL restart) is an 'error' on the pool:
    // unheard, it ends the process. The pool replaces the connection on the next query.
    this.pool.on('error', (e: Error) =>
      new Logger(SqlService.name).warn(`idle PostgreSQL connection lost: ${e.message}`),
    );
  }

  /** Rows of the prepared statement `name` (one text per name). */
  async rows<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    return (await this.pool.query({ name, text, values })).rows as T[];
  }

  /** Rows of a statement whose text varies (filters), parsed each time. */
  async rowsOf<T>(text: string, values: unknown[]): Promise<T[]> {
    return (await this.pool.query(text, values)).rows as T[];
  }

  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  async transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

/** True when `error` is PostgreSQL's unique-constraint violation (23505). */
export function isSqlUniqueViolation(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === '23505';
}

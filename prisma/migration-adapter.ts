/**
 * Driver adapter for the Prisma CLI (migrate deploy/dev/diff/status) so migrations run on the
 * WASM schema engine with no native engine download. It wraps @prisma/adapter-pg and works
 * around three defects of its 6.19 migration path:
 *  1. catalog columns of type `name` (OID 19) and `"char"` (OID 18) cannot be deserialized:
 *     the client reports them as text;
 *  2. its shadow-database teardown drops the database while its own pool still holds
 *     connections: the pool here ends first, then the database is dropped;
 *  3. built from a connection string, pg lets the URL's database override the configured one,
 *     so a "shadow" pool would silently talk to the real database: pools are built from
 *     discrete fields.
 * Used by prisma.config.ts only; the application uses PrismaPg directly.
 */
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18, 19]);

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function asText(result: unknown): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of (r as QueryResultLike | undefined)?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
}

class CatalogTextClient extends pg.Client {
  // pg's query() has many overloads; only the result's field metadata is touched here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof values === 'function') {
      callback = values;
      values = undefined;
    }
    if (typeof callback === 'function') {
      return super.query(config, values, (err: Error | null, res: unknown) => {
        if (!err) asText(res);
        callback(err, res);
      });
    }
    const pending = super.query(config, values);
    if (pending && typeof (pending as Promise<unknown>).then === 'function') {
      return (pending as Promise<unknown>).then((res) => {
        asText(res);
        return res;
      });
    }
    return pending;
  }
}

function poolConfig(url: string, database?: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: database ?? decodeURIComponent(u.pathname.replace(/^\//, '')),
    Client: CatalogTextClient,
    max: 4,
  };
}

export function migrationAdapter(url: string) {
  const main = new PrismaPg(poolConfig(url));
  return {
    provider: main.provider as 'postgres',
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const admin = new pg.Pool(poolConfig(url));
      const database = `cflink_shadow_${randomUUID().replace(/-/g, '')}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg(poolConfig(url, database)).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.end();
      };
      return shadow;
    },
  };
}

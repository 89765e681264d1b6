/**
 * Bulk seeding for benchmarks: rows written straight into PostgreSQL as the system would have
 * written them (seeding through HTTP would take minutes).
 */
import type pg from 'pg';

/** `count` statements named `<prefix><n>` in one pool, PENDING and never admitted unless `running`. */
export async function seedStatements(
  db: pg.Client,
  at: { orgId: string; envId: string; poolId: string },
  count: number,
  options: { prefix?: string; from?: number; running?: boolean; principal?: string } = {},
): Promise<void> {
  const { prefix = 'seed-', from = 1, running = false, principal = 'u-bench' } = options;
  // A running statement as the worker leaves it: admitted (dispatched, 1 CFU), its job started.
  const state = running
    ? `'RUNNING', true, 1, md5(g::text), now() - interval '1 hour'`
    : `'PENDING', false, 0, NULL, NULL`;
  await db.query(
    `INSERT INTO statements (uid, organization_id, environment_id, name, statement, compute_pool_id, flink_region,
                             principal, transactional_id_prefix, detail, phase, dispatched, cfu, flink_job_id, start_time,
                             updated_at)
     SELECT gen_random_uuid(), $1, $2, $3 || g, 'SELECT ' || g, $4, 'aws.us-east-1', $7, 'cflink-' || $7 || '-' || $3 || g || '-',
            'seeded', ${state}, now()
     FROM generate_series($5::int, $5::int + $6::int - 1) g`,
    [at.orgId, at.envId, prefix, at.poolId, from, count, principal],
  );
}

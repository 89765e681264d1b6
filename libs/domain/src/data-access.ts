import { mayAccessTopic, type Subject } from './rbac';

/**
 * The data-plane rights a statement needs, decided before its job starts and re-checked while
 * it runs: reading a table needs DeveloperRead on its topic, writing needs DeveloperWrite,
 * creating or altering needs DeveloperManage (ResourceOwner and the admin roles grant all
 * three). Statements are not principals: they run with their principal's bindings.
 */
export const TABLE_ACCESSES = ['read', 'write', 'manage'] as const;
export type TableAccess = (typeof TABLE_ACCESSES)[number];

export interface TableUse {
  /** The table as the user wrote or sees it, e.g. `my-env`.`cluster_0`.`orders`. */
  table: string;
  /** CRN of the table's topic: `crn://…/environment=env-…/cloud-cluster=lkc-…/kafka=lkc-…/topic=orders`. */
  topicCrn: string;
  access: TableAccess;
}

export const ROLE_FOR_ACCESS: Record<TableAccess, string> = {
  read: 'DeveloperRead',
  write: 'DeveloperWrite',
  manage: 'DeveloperManage',
};

export type DataAccessDecision =
  { allowed: true } | { allowed: false; missing: TableUse & { role: string }; detail: string };

/** The first use the principal lacks a right for, with a detail that names the role and table. */
export function checkDataAccess(subject: Subject, uses: readonly TableUse[]): DataAccessDecision {
  for (const use of uses) {
    if (mayAccessTopic(subject, use.access, use.topicCrn).allowed) continue;
    const role = ROLE_FOR_ACCESS[use.access];
    return {
      allowed: false,
      missing: { ...use, role },
      detail:
        `Principal ${subject.principalId} lacks ${role} on table ${use.table} (topic ${use.topicCrn}): ` +
        `bind ${role} (or ResourceOwner) on the topic or a prefix of it to the principal, then resume the statement.`,
    };
  }
  return { allowed: true };
}

/** One use per table and access, writes and manages before reads, so a detail names the most serious gap. */
export function normalizeUses(uses: readonly TableUse[]): TableUse[] {
  const order: Record<TableAccess, number> = { manage: 0, write: 1, read: 2 };
  const seen = new Set<string>();
  return [...uses]
    .sort((a, b) => order[a.access] - order[b.access])
    .filter((u) => {
      const key = `${u.access}|${u.topicCrn}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

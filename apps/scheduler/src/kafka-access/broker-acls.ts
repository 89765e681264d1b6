import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
  type Admin,
} from 'kafkajs';
import type { KafkaAcl, KafkaOperation, KafkaResourceType } from '#domain';

/** The broker side of KafkaAccessReconciler: libs/domain ACLs as kafkajs entries, and back. */
const RESOURCE_TYPES: Record<KafkaResourceType, AclResourceTypes> = {
  TOPIC: AclResourceTypes.TOPIC,
  GROUP: AclResourceTypes.GROUP,
  TRANSACTIONAL_ID: AclResourceTypes.TRANSACTIONAL_ID,
};
const OPERATIONS: Record<KafkaOperation, AclOperationTypes> = {
  READ: AclOperationTypes.READ,
  WRITE: AclOperationTypes.WRITE,
  CREATE: AclOperationTypes.CREATE,
  DELETE: AclOperationTypes.DELETE,
  ALTER: AclOperationTypes.ALTER,
  DESCRIBE: AclOperationTypes.DESCRIBE,
  DESCRIBE_CONFIGS: AclOperationTypes.DESCRIBE_CONFIGS,
  ALTER_CONFIGS: AclOperationTypes.ALTER_CONFIGS,
};
const reverse = <K extends string, V>(m: Record<K, V>) =>
  new Map([...Object.entries(m)].map(([k, v]) => [v as V, k as K]));
const RESOURCE_NAMES = reverse(RESOURCE_TYPES);
const OPERATION_NAMES = reverse(OPERATIONS);

/** ACL changes per broker request. */
const ACL_BATCH = 1_000;

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function aclEntry(user: string, acl: KafkaAcl): AclEntry {
  return {
    resourceType: RESOURCE_TYPES[acl.resourceType],
    resourceName: acl.name,
    resourcePatternType: acl.patternType === 'PREFIXED' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    principal: `User:${user}`,
    host: '*',
    operation: OPERATIONS[acl.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/**
 * Creates and deletes ACLs in batches: the broker refuses one operation of more records than its
 * per-request cap (POLICY_VIOLATION), which a principal with thousands of statements reaches.
 */
export async function changeAcls(
  admin: Admin,
  changes: { create: readonly { user: string; acl: KafkaAcl }[]; delete: readonly { user: string; acl: KafkaAcl }[] },
): Promise<void> {
  for (const batch of batches(changes.create, ACL_BATCH)) {
    await admin.createAcls({ acl: batch.map((c) => aclEntry(c.user, c.acl)) });
  }
  for (const batch of batches(changes.delete, ACL_BATCH)) {
    await admin.deleteAcls({ filters: batch.map((c) => aclEntry(c.user, c.acl)) });
  }
}

/** The ACLs of the given users, as the broker holds them; deletes those of theirs no reconciler makes. */
export async function describeAcls(admin: Admin, users: Set<string>): Promise<{ user: string; acl: KafkaAcl }[]> {
  const res = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const out: { user: string; acl: KafkaAcl }[] = [];
  for (const r of res.resources) {
    for (const a of r.acls) {
      const user = a.principal.startsWith('User:') ? a.principal.slice('User:'.length) : null;
      if (user === null || !users.has(user)) continue;
      const resourceType = RESOURCE_NAMES.get(r.resourceType);
      const operation = OPERATION_NAMES.get(a.operation);
      const known =
        resourceType !== undefined &&
        operation !== undefined &&
        a.host === '*' &&
        a.permissionType === AclPermissionTypes.ALLOW &&
        (r.resourcePatternType === ResourcePatternTypes.LITERAL ||
          r.resourcePatternType === ResourcePatternTypes.PREFIXED);
      if (!known) {
        // Not an ACL this reconciler makes: delete it by its exact shape.
        await admin.deleteAcls({
          filters: [
            {
              resourceType: r.resourceType,
              resourceName: r.resourceName,
              resourcePatternType: r.resourcePatternType,
              principal: a.principal,
              host: a.host,
              operation: a.operation,
              permissionType: a.permissionType,
            },
          ],
        });
        continue;
      }
      out.push({
        user,
        acl: {
          resourceType,
          name: r.resourceName,
          patternType: r.resourcePatternType === ResourcePatternTypes.PREFIXED ? 'PREFIXED' : 'LITERAL',
          operation,
        },
      });
    }
  }
  return out;
}

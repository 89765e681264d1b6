import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
  type Admin,
} from 'kafkajs';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import {
  derivedKafkaPassword,
  kafkaCredentialKeyId,
  desiredKafkaIdentities,
  diffAcls,
  type KafkaAcl,
  type KafkaIdentity,
  type KafkaOperation,
  type KafkaResourceType,
} from '#domain';
import { JavaScramAdmin, LazyKafkaAdmin, type ScramCredentialStore } from '#engine';

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
 * Keeps the broker's credentials and ACLs in step with PostgreSQL (layer 3 of the tenant
 * boundary): every principal that has a statement and every cluster API key is a SCRAM user
 * whose password is derived (libs/domain kafka-credentials) and whose ACLs mirror its role
 * bindings (libs/domain kafka-acls). Runs in each scheduler pass before admission, so a statement
 * is admitted only after its principal's rights are on the broker; the broker is only asked when
 * the desired state changed or every CFLINK_KAFKA_ACCESS_REPAIR_MS, which repairs drift.
 *
 * It removes only identities this deployment made (`kafka_identities`), so deployments and test
 * runs that share a broker do not undo each other's.
 */
/** Advisory lock class of broker access passes (with hashtext('broker-access')). */
const BROKER_ACCESS_LOCK = 7315002;

/** ACL changes per broker request. */
const ACL_BATCH = 1_000;

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

@Injectable()
export class KafkaAccessReconciler implements OnModuleDestroy {
  private readonly logger = new Logger(KafkaAccessReconciler.name);
  private readonly scram: ScramCredentialStore;
  private readonly admin: LazyKafkaAdmin;
  private applied: string | null = null;
  /** The identities as the last pass applied them: between repairs, changes are diffed against them. */
  private appliedIdentities: KafkaIdentity[] | null = null;
  private lastRepair = 0;
  /** The broker's SCRAM users, listed in the background for the next repair (the tool starts a JVM: seconds). */
  private listing: Promise<void> | null = null;
  private listed: string[] | null = null;
  /** Statements whose principals' rights the broker holds as of the last successful pass. */
  private covered = new Set<string>();

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
  ) {
    const e = config.engine;
    this.admin = new LazyKafkaAdmin(e, 'cflink-scheduler-acls');
    this.scram = new JavaScramAdmin({
      classpath: e.kafkaAdminClasspath,
      brokers: e.kafkaBrokers,
      username: e.kafkaSasl.username,
      password: e.kafkaSasl.password,
    });
  }

  /**
   * One pass; returns whether the broker was changed or checked. Schedulers of several regions
   * may share a broker: each pass reads the desired state and applies it under one advisory
   * lock, so a pass never applies a state older than one already applied (a stale pass would
   * delete the ACLs of a statement created since). A pass waits for the lock rather than skip:
   * admission follows it, and must not start a statement whose rights are not on the broker yet.
   */
  async reconcile(): Promise<boolean> {
    const now = Date.now();
    // The first pass lists the broker's credentials before trusting kafka_identities; later
    // repairs list them in the background, so no pass (and no admission after it) waits for the JVM.
    if (this.lastRepair === 0 && this.listed === null) this.listed = await this.scram.list();
    else if (now - this.lastRepair >= this.config.scheduler.kafkaAccessRepairMs) this.listInBackground();
    const listed = this.listed;
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BROKER_ACCESS_LOCK}, hashtext('broker-access'))`;
        const { desired, statements } = await this.desired();
        const fingerprint = JSON.stringify(desired);
        if (fingerprint === this.applied && listed === null) {
          this.covered = statements;
          return false;
        }
        const last = listed === null ? this.appliedIdentities : null;
        this.appliedIdentities = null; // unknown until this pass has applied its changes
        await this.apply(desired, listed, last);
        this.applied = fingerprint;
        this.appliedIdentities = desired;
        if (listed !== null) {
          this.lastRepair = now;
          this.listed = null;
        }
        this.covered = statements;
        return true;
      },
      // The broker calls (the SCRAM tool starts a JVM) take seconds, not the transaction's 5 s default.
      { timeout: 120_000 },
    );
  }

  /**
   * Whether the broker holds the rights of the statement's principal as the last pass read them:
   * admission starts only such statements. A statement committed after that pass read the
   * database (with a role binding created just before it) waits for the next pass.
   */
  covers(uid: string): boolean {
    return this.covered.has(uid);
  }

  /** The desired identities, and the statements they were computed from, read in one snapshot. */
  private async desired(): Promise<{ desired: KafkaIdentity[]; statements: Set<string> }> {
    const [environments, bindings, statements, clusterKeys] = await this.prisma.$transaction(
      [
        this.prisma.environment.findMany({ select: { id: true, organizationId: true } }),
        this.prisma.roleBinding.findMany({
          select: { principal: true, roleName: true, crnPattern: true, organizationId: true },
        }),
        this.prisma.statement.findMany({ select: { uid: true, principal: true, organizationId: true } }),
        this.prisma.apiKey.findMany({
          where: { resourceId: { startsWith: 'lkc-' } },
          select: { id: true, ownerId: true, organizationId: true, resourceId: true },
        }),
      ],
      { isolationLevel: 'RepeatableRead' },
    );
    const desired = desiredKafkaIdentities({
      crnAuthority: this.config.crnAuthority,
      environments,
      bindings,
      statements,
      clusterKeys: clusterKeys.map((k) => ({ ...k, clusterId: k.resourceId })),
    });
    return { desired, statements: new Set(statements.map((s) => s.uid)) };
  }

  private listInBackground(): void {
    if (this.listing || this.listed !== null) return;
    this.listing = this.scram
      .list()
      .then(
        (users) => void (this.listed = users),
        (e: Error) => this.logger.warn(`listing the broker's credentials for a repair failed: ${e.message}`),
      )
      .finally(() => (this.listing = null));
  }

  /**
   * Credentials first (recorded before they exist, so a crash leaves nothing untracked), then ACLs,
   * then removals. A repair (`listed`: the credentials the broker holds) also asks the broker for
   * its ACLs; other passes trust `kafka_identities` and `last`, the identities the last pass applied
   * (creating or deleting an ACL twice is harmless), so a new statement waits only for its own ACLs.
   */
  private async apply(desired: KafkaIdentity[], listed: string[] | null, last: KafkaIdentity[] | null): Promise<void> {
    const want = new Set(desired.map((i) => i.user));
    const known = await this.prisma.kafkaIdentity.findMany();
    const owned = new Set(known.map((k) => k.user));
    const missing = desired.filter((i) => !owned.has(i.user));
    if (missing.length > 0) {
      await this.prisma.kafkaIdentity.createMany({
        data: missing.map((i) => ({ user: i.user, kind: i.kind })),
        skipDuplicates: true,
      });
    }
    const key = this.config.engine.kafkaCredentialKey;
    const keyId = kafkaCredentialKeyId(key);
    const setWith = new Map(known.map((k) => [k.user, k.keyId]));
    // Recorded with this key = set on the broker (the key id is written after the tool succeeded).
    const existing = new Set(listed ?? setWith.keys());
    // Setting a password the broker already has would only churn its credentials (and clients
    // reconnecting meanwhile): set the missing ones, and those derived with another key.
    const stale = desired.filter((i) => !existing.has(i.user) || setWith.get(i.user) !== keyId);
    if (stale.length > 0) {
      await this.scram.apply({
        upsert: stale.map((i) => ({ user: i.user, password: derivedKafkaPassword(key, i.kind, i.user) })),
        remove: [],
      });
      await this.prisma.kafkaIdentity.updateMany({
        where: { user: { in: stale.map((i) => i.user) } },
        data: { keyId },
      });
    }

    const admin = await this.connect();
    const managed = new Set([...want, ...owned]);
    const actual = last
      ? last.flatMap((i) => i.acls.map((acl) => ({ user: i.user, acl })))
      : await this.describe(admin, managed);
    const changes = diffAcls(desired, actual);
    // In batches: the broker refuses one operation of more records than its per-request cap
    // (POLICY_VIOLATION), which a principal with thousands of statements reaches.
    for (const batch of batches(changes.create, ACL_BATCH)) {
      await admin.createAcls({ acl: batch.map((c) => aclEntry(c.user, c.acl)) });
    }
    for (const batch of batches(changes.delete, ACL_BATCH)) {
      await admin.deleteAcls({ filters: batch.map((c) => aclEntry(c.user, c.acl)) });
    }

    const gone = known.filter((k) => !want.has(k.user)).map((k) => k.user);
    if (gone.length > 0) {
      await this.scram.apply({ upsert: [], remove: gone });
      await this.prisma.kafkaIdentity.deleteMany({ where: { user: { in: gone } } });
    }
    if (changes.create.length + changes.delete.length + gone.length + missing.length > 0) {
      this.logger.log(
        `broker access: ${missing.length} identities added, ${gone.length} removed, ${changes.create.length} ACLs created, ${changes.delete.length} deleted`,
      );
    }
  }

  /** The ACLs of the given users, as the broker holds them. */
  private async describe(admin: Admin, users: Set<string>): Promise<{ user: string; acl: KafkaAcl }[]> {
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

  private connect(): Promise<Admin> {
    return this.admin.get();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listing;
    await this.admin.close();
  }
}

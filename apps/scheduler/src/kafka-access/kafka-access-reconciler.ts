import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import {
  derivedKafkaPassword,
  kafkaCredentialKeyId,
  desiredKafkaIdentities,
  diffAcls,
  statementAccessDelta,
  withAcls,
  type AccessStatement,
  type KafkaIdentity,
  type StatementAccessDelta,
} from '#domain';
import { JavaScramAdmin, LazyKafkaAdmin, type ScramCredentialStore } from '#engine';
import { changeAcls, describeAcls } from './broker-acls';

/** Advisory lock class of broker access passes (with hashtext('broker-access')). */
const BROKER_ACCESS_LOCK = 7315002;

/** The broker calls (the SCRAM tool starts a JVM) take seconds, not a transaction's 5 s default. */
const PASS_TIMEOUT_MS = 120_000;

/**
 * Keeps the broker's credentials and ACLs in step with PostgreSQL (layer 3 of the tenant
 * boundary): every principal that has a statement and every cluster API key is a SCRAM user
 * whose password is derived (libs/domain kafka-credentials) and whose ACLs mirror its role
 * bindings (libs/domain kafka-acls). Runs in each scheduler pass before admission, so a statement
 * is admitted only after its principal's rights are on the broker.
 *
 * A pass costs what changed. While role bindings, environments and cluster API keys are as the
 * last full pass read them, a new statement of a principal the broker already knows needs only
 * its own transactional-id ACLs (libs/domain statementAccessDelta): one request, no SCRAM tool,
 * no read of every statement or ACL. Anything else (a new principal, a changed binding, key or
 * principal) runs a full pass, which diffs the desired state against the state it last applied,
 * and every CFLINK_KAFKA_ACCESS_REPAIR_MS against what the broker holds (repairing drift and
 * removing the rights of deleted statements).
 *
 * It removes only identities this deployment made (`kafka_identities`), so deployments and test
 * runs that share a broker do not undo each other's.
 */
@Injectable()
export class KafkaAccessReconciler implements OnModuleDestroy {
  private readonly logger = new Logger(KafkaAccessReconciler.name);
  private readonly scram: ScramCredentialStore;
  private readonly admin: LazyKafkaAdmin;
  /** The identities as the last pass left them on the broker; null until the first full pass. */
  private applied: Map<string, KafkaIdentity> | null = null;
  /** The bindings, environments and cluster keys the last full pass computed them from. */
  private inputs: string | null = null;
  private lastRepair = 0;
  /** The repair's listing of the broker's SCRAM users, while it runs, and its answer until a pass takes it. */
  private listing: Promise<void> | null = null;
  private listed: Set<string> | null = null;
  /** Statements whose principals' rights the broker holds, as uid → principal. */
  private covered = new Map<string, string>();

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
   * One pass; returns whether the broker was changed or checked. `waiting`: the region's waiting
   * statements (PoolAdmissionService.waiting), which the pass's admission reads too.
   */
  async reconcile(waiting: Promise<readonly AccessStatement[]>): Promise<boolean> {
    if (this.applied === null) {
      // The first pass repairs: nothing is known of the broker yet.
      this.lastRepair = Date.now();
      return this.fullPass(new Set(await this.scram.list()));
    }
    const listed = this.repairListing();
    if (listed === null) {
      const [inputs, statements] = await Promise.all([this.accessInputs(), waiting]);
      if (JSON.stringify(inputs) === this.inputs) {
        const delta = statementAccessDelta(this.applied, this.covered, statements);
        if (delta.full === null) return this.applyDelta(delta);
        this.logger.log(`broker access: a full pass, as ${delta.full}`);
      }
    }
    return this.fullPass(listed);
  }

  /**
   * The broker's SCRAM users once a repair is due and they have been listed, else null. The tool
   * starts a JVM (seconds on a busy machine): it lists while passes and admissions go on, and the
   * pass after it has answered is the repair.
   */
  private repairListing(): Set<string> | null {
    if (this.listed) {
      const listed = this.listed;
      this.listed = null;
      return listed;
    }
    if (!this.listing && Date.now() - this.lastRepair >= this.config.scheduler.kafkaAccessRepairMs) {
      this.lastRepair = Date.now();
      this.listing = this.scram
        .list()
        .then(
          (users) => void (this.listed = new Set(users)),
          (e: Error) => this.logger.warn(`broker credentials not listed for the repair: ${e.message}`),
        )
        .finally(() => (this.listing = null));
    }
    return null;
  }

  /**
   * Whether the broker holds the rights of the statement's principal: admission starts only such
   * statements. A statement committed after the last pass read the database waits for the next.
   */
  covers(uid: string, principal: string): boolean {
    return this.covered.get(uid) === principal;
  }

  /**
   * Schedulers of several regions may share a broker: each pass applies under one advisory lock,
   * so a full pass never applies a state older than one already applied (a stale pass would
   * delete the ACLs of a statement created since). A pass waits for the lock rather than skip:
   * admission follows it, and must not start a statement whose rights are not on the broker yet.
   */
  private locked<T>(work: () => Promise<T>): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BROKER_ACCESS_LOCK}, hashtext('broker-access'))`;
        return work();
      },
      { timeout: PASS_TIMEOUT_MS },
    );
  }

  private async applyDelta(delta: StatementAccessDelta): Promise<boolean> {
    if (delta.covered.length === 0) return false;
    if (delta.create.length > 0) {
      const started = Date.now();
      await this.locked(async () => changeAcls(await this.connect(), { create: delta.create, delete: [] }));
      this.applied = withAcls(this.applied!, delta.create);
      this.logger.log(
        `broker access: ${delta.create.length} ACLs created for ${delta.covered.length} statements in ${Date.now() - started} ms`,
      );
    }
    for (const s of delta.covered) this.covered.set(s.uid, s.principal);
    return delta.create.length > 0;
  }

  /** `brokerUsers`: the broker's SCRAM users, for a repair against the broker; null trusts the last applied state. */
  private fullPass(brokerUsers: Set<string> | null): Promise<boolean> {
    return this.locked(async () => {
      const started = Date.now();
      const { desired, statements, inputs } = await this.desired();
      const read = Date.now() - started;
      const steps = await this.apply(desired, brokerUsers);
      this.applied = new Map(desired.map((i) => [i.user, i]));
      this.inputs = JSON.stringify(inputs);
      this.covered = new Map(statements.map((s) => [s.uid, s.principal]));
      this.logger.log(
        `broker access: full pass${brokerUsers ? ' against the broker' : ''} over ${statements.length} statements in ${Date.now() - started} ms (read ${read} ms, ${steps})`,
      );
      return true;
    });
  }

  /** What the principals' binding ACLs are computed from (small next to the statements), as lazy queries. */
  private inputQueries() {
    return [
      this.prisma.environment.findMany({ select: { id: true, organizationId: true }, orderBy: { id: 'asc' } }),
      this.prisma.roleBinding.findMany({
        select: { principal: true, roleName: true, crnPattern: true, organizationId: true },
        orderBy: { id: 'asc' },
      }),
      this.prisma.apiKey.findMany({
        where: { resourceId: { startsWith: 'lkc-' } },
        select: { id: true, ownerId: true, organizationId: true, resourceId: true },
        orderBy: { id: 'asc' },
      }),
    ] as const;
  }

  private async accessInputs() {
    const [environments, bindings, clusterKeys] = await Promise.all(this.inputQueries());
    return { environments, bindings, clusterKeys };
  }

  /** The desired identities, and the statements and inputs they were computed from, read in one snapshot. */
  private async desired() {
    const [environments, bindings, clusterKeys, statements] = await this.prisma.$transaction(
      [
        ...this.inputQueries(),
        this.prisma.statement.findMany({
          select: { uid: true, principal: true, organizationId: true, transactionalIdPrefix: true },
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
    return { desired, statements, inputs: { environments, bindings, clusterKeys } };
  }

  /**
   * Credentials first (recorded before they exist, so a crash leaves nothing untracked), then ACLs,
   * then removals. With `brokerUsers` (a repair) it trusts what the broker holds: those users, and
   * the ACLs kafkajs describes; otherwise `kafka_identities` and the state it last applied, so the
   * SCRAM tool runs only for new or rotated credentials. Returns its steps' timings.
   */
  private async apply(desired: KafkaIdentity[], brokerUsers: Set<string> | null): Promise<string> {
    let at = Date.now();
    const took = () => {
      const ms = Date.now() - at;
      at = Date.now();
      return ms;
    };
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
    const existing = brokerUsers ?? new Set(setWith.keys());
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
    const credentials = took();

    const admin = await this.connect();
    const actual = brokerUsers
      ? await describeAcls(admin, new Set([...want, ...owned]))
      : [...this.applied!.values()].flatMap((i) => i.acls.map((acl) => ({ user: i.user, acl })));
    const described = took();
    const changes = diffAcls(desired, actual);
    await changeAcls(admin, changes);
    const acls = took();

    const gone = known.filter((k) => !want.has(k.user)).map((k) => k.user);
    if (gone.length > 0) {
      await this.scram.apply({ upsert: [], remove: gone });
      await this.prisma.kafkaIdentity.deleteMany({ where: { user: { in: gone } } });
    }
    return (
      `${stale.length} credentials set in ${credentials} ms, ` +
      `${actual.length} ACLs ${brokerUsers ? 'described' : 'recalled'} in ${described} ms, ` +
      `${changes.create.length} created and ${changes.delete.length} deleted in ${acls} ms, ` +
      `${missing.length} identities added, ${gone.length} removed in ${took()} ms`
    );
  }

  private connect(): Promise<Admin> {
    return this.admin.get();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listing;
    await this.admin.close();
  }
}

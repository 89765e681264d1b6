import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Which engine worker looks after which running statement: a lease per statement in Redis,
 * renewed by its holder on every watch pass. A worker that dies stops renewing; once its leases
 * expire another worker of the pool claims them (SET NX) and adopts the statements' jobs.
 * Losing Redis loses only leases: holders and others reclaim them on the next pass.
 */
@Injectable()
export class StatementLeases implements OnModuleDestroy {
  private readonly logger = new Logger(StatementLeases.name);
  readonly workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly redis: Redis;
  /** Leases this worker took and has not released, to hand them all over when it stops. */
  private readonly taken = new Set<string>();

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    this.redis.on('error', (e: Error) => this.logger.warn(`redis: ${e.message}`));
  }

  private key(uid: string): string {
    return `cflink:lease:${uid}`;
  }

  /** Takes the statement's lease if it is free or already ours; false while another worker holds it. */
  async claim(uid: string): Promise<boolean> {
    const ttl = this.config.worker.leaseTtlMs;
    const ours =
      (await this.redis.eval(RENEW, 1, this.key(uid), this.workerId, ttl)) === 1 ||
      (await this.redis.set(this.key(uid), this.workerId, 'PX', ttl, 'NX')) === 'OK';
    if (ours) this.taken.add(uid);
    else this.taken.delete(uid);
    return ours;
  }

  async release(uid: string): Promise<void> {
    this.taken.delete(uid);
    await this.redis.eval(RELEASE, 1, this.key(uid), this.workerId).catch(() => undefined);
  }

  /** Releases every lease this worker holds, so other workers take its statements at once. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.taken].map((uid) => this.release(uid)));
  }

  async holder(uid: string): Promise<string | null> {
    return this.redis.get(this.key(uid));
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}

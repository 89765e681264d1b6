import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';

/**
 * Leadership among scheduler replicas: a session-level PostgreSQL advisory lock held on a
 * connection of its own. The lock lives as long as that connection, so a replica that dies or
 * loses its database connection lets the next one take over; the others keep trying.
 */
@Injectable()
export class LeaderLease implements OnModuleDestroy {
  private readonly logger = new Logger(LeaderLease.name);
  private client: Client | null = null;
  private leader = false;

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {}

  get isLeader(): boolean {
    return this.leader;
  }

  /** Tries once to become (or confirms being) the leader. */
  async tryAcquire(): Promise<boolean> {
    if (this.leader) return true;
    try {
      if (!this.client) {
        const client = new Client({ connectionString: this.config.databaseUrl });
        client.on('error', (e) => this.lose(e));
        await client.connect();
        this.client = client;
      }
      // One leader per region: the schedulers of different data planes sharing a database do not wait on each other.
      const res = await this.client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
        [this.config.scheduler.leaderLockKey, this.config.engine.flinkRegion],
      );
      this.leader = res.rows[0].locked;
      if (this.leader) this.logger.log('leader lease acquired');
    } catch (e) {
      this.lose(e as Error);
    }
    return this.leader;
  }

  private lose(error: Error): void {
    if (this.leader) this.logger.warn(`leader lease lost: ${error.message}`);
    this.leader = false;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.leader = false;
    // Ending the session releases the lock.
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}

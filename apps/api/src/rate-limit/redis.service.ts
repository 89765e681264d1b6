import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';

/**
 * The API's Redis connection. Rate limiting must never take the API down, so commands fail fast
 * while Redis is unreachable (no offline queue, a short timeout) and `attempt` turns a failure
 * into `null` with one warning per outage.
 */
@Injectable()
export class RedisService implements OnModuleDestroy {
  private readonly logger = new Logger('Redis');
  readonly client: Redis;
  private degraded = false;

  constructor(@Inject(CFLINK_CONFIG) config: CflinkConfig) {
    this.client = new Redis(config.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      connectTimeout: 2000,
      // Keep trying in the background, at most every 2 s.
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // Without a listener ioredis logs every connection error itself; `attempt` reports outages.
    this.client.on('error', () => undefined);
  }

  /** Runs a command; on failure logs once per outage and returns null (fail open). */
  async attempt<T>(what: string, command: (redis: Redis) => Promise<T>): Promise<T | null> {
    try {
      const result = await command(this.client);
      if (this.degraded) this.logger.log('Redis is reachable again; rate limits apply');
      this.degraded = false;
      return result;
    } catch (e) {
      if (!this.degraded) {
        this.logger.warn(
          `${what} skipped, Redis unavailable (${(e as Error).message}); rate limits are off until it returns`,
        );
      }
      this.degraded = true;
      return null;
    }
  }

  async ping(): Promise<'ok' | 'unavailable'> {
    return (await this.attempt('health check', (r) => r.ping())) === 'PONG' ? 'ok' : 'unavailable';
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}

import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { OUTBOX_CHANNEL } from '#db';

const RECONNECT_MS = 2_000;

/**
 * Wakes the scheduler when a transaction commits an outbox command (libs/db enqueueCommand
 * notifies), so a new, stopped, resumed or deleted statement is relayed and admitted at once
 * rather than at the next timed pass. Only a hint: the timed passes still run, so a lost
 * connection or notification delays work by at most one interval and loses nothing.
 */
@Injectable()
export class OutboxWakeups implements OnModuleDestroy {
  private readonly logger = new Logger(OutboxWakeups.name);
  private client: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {}

  /** Calls `wake` on each notification until the module is destroyed; reconnects after errors. */
  listen(wake: () => void): void {
    if (this.closed || this.client) return;
    const client = new Client({ connectionString: this.config.databaseUrl });
    this.client = client;
    const reconnect = (reason: string) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn(`outbox notifications lost (${reason}); timed passes go on, listening again shortly`);
      this.retry = setTimeout(() => this.listen(wake), RECONNECT_MS);
    };
    client.on('notification', () => wake());
    client.on('error', (e: Error) => reconnect(e.message));
    client.on('end', () => reconnect('connection ended'));
    client
      .connect()
      .then(() => client.query(`LISTEN ${OUTBOX_CHANNEL}`))
      // Commands committed while this was not listening are picked up by the pass this triggers.
      .then(() => wake())
      .catch((e: Error) => reconnect(e.message));
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
    }
  }
}

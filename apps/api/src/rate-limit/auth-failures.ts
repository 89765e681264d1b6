import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { decide, type WindowRule } from '#domain';
import { tooManyRequests } from './rate-limit.guard';
import { WindowCounters } from './counters';

/**
 * Slows credential guessing: once a client address has failed to authenticate `limit` times
 * within the window, it gets 429 until the window closes, without its credentials being
 * checked. Successes reset nothing, so a valid key cannot clear the count of a guesser.
 */
@Injectable()
export class AuthFailureThrottle {
  private readonly rule: WindowRule | null;
  private readonly prefix: string;

  constructor(
    private readonly counters: WindowCounters,
    @Inject(CFLINK_CONFIG) config: CflinkConfig,
  ) {
    const { authFailureLimit: limit, authFailureWindowSeconds: seconds } = config.rateLimit;
    this.rule = limit > 0 ? { limit, seconds } : null;
    this.prefix = config.rateLimit.prefix;
  }

  private key(address: string): string {
    return `${this.prefix}:authfail:{${address}}`;
  }

  /** Throws 429 while `address` is slowed. */
  async check(address: string): Promise<void> {
    if (!this.rule) return;
    const state = await this.counters.peek('authentication throttle', this.key(address));
    if (!state) return;
    const decision = decide([this.rule], [state]);
    if (decision.admitted) return;
    throw tooManyRequests(
      `Too many failed authentications from ${address}; retry after ${decision.retryAfterSeconds} s.`,
      decision,
    );
  }

  async recordFailure(address: string): Promise<void> {
    if (this.rule) await this.counters.hit('authentication throttle', [this.key(address)], [this.rule]);
  }
}

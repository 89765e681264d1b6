import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { decide, windowRules, type RateDecision, type WindowRule } from '#domain';
import { callerOf } from '../auth/caller';
import { isPublic } from '../auth/public.decorator';
import { ApiError } from '../common/api-error';
import type { ApiReply, ApiRequest } from '../common/http';
import { WindowCounters } from './counters';

/** The X-RateLimit-* headers (Reset in relative seconds, as Confluent sends it). */
export function rateLimitHeaders(
  d: Pick<RateDecision, 'limit' | 'remaining' | 'resetSeconds'>,
): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': String(d.remaining),
    'X-RateLimit-Reset': String(d.resetSeconds),
  };
}

export function tooManyRequests(detail: string, d: RateDecision): ApiError {
  return ApiError.tooManyRequests(detail, { ...rateLimitHeaders(d), 'Retry-After': String(d.retryAfterSeconds) });
}

const per = (rule: WindowRule) => (rule.seconds === 1 ? 'second' : `${rule.seconds} seconds`);

/**
 * 2. Per-API-key request limits, right after authentication (so a flood of invalid requests
 * counts too) and before any database work. Every authenticated response carries the headers.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly rules: WindowRule[];
  private readonly prefix: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly counters: WindowCounters,
    @Inject(CFLINK_CONFIG) config: CflinkConfig,
  ) {
    this.rules = windowRules(config.rateLimit.perSecond, config.rateLimit.perMinute);
    this.prefix = config.rateLimit.prefix;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.rules.length === 0 || isPublic(this.reflector, ctx)) return true;
    const caller = callerOf(ctx.switchToHttp().getRequest<ApiRequest>());
    if (!caller) return true;
    // The hash tag keeps a key's windows in one Redis Cluster slot, as the script needs.
    const keys = this.rules.map((r) => `${this.prefix}:rate:{${caller.apiKeyId}}:${r.seconds}s`);
    const states = await this.counters.hit('rate limit', keys, this.rules);
    if (!states) return true;
    const decision = decide(this.rules, states);
    void ctx.switchToHttp().getResponse<ApiReply>().headers(rateLimitHeaders(decision));
    if (decision.admitted) return true;
    const rule = decision.exceeded!;
    throw tooManyRequests(
      `API key ${caller.apiKeyId} exceeded its limit of ${rule.limit} requests per ${per(rule)}; retry after ${decision.retryAfterSeconds} s.`,
      decision,
    );
  }
}

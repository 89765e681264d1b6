import { Module } from '@nestjs/common';
import { AuthFailureThrottle } from './auth-failures';
import { WindowCounters } from './counters';
import { RedisService } from './redis.service';

/**
 * Redis-backed limits shared by every API replica: per API key, and per address for failed
 * authentications. RateLimitGuard is registered by AuthModule, in guard order.
 */
@Module({
  providers: [RedisService, WindowCounters, AuthFailureThrottle],
  exports: [RedisService, WindowCounters, AuthFailureThrottle],
})
export class RateLimitModule {}

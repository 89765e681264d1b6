import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ApiKeyCache, KeyCacheInvalidation } from './api-key-cache';
import { BasicStrategy } from './basic.strategy';
import { AuthenticationGuard, ContractGuard, PolicyGuard } from './guards';
import { Policy } from './policy';
import { OrganizationBootstrap } from './organization-bootstrap';
import { ResourceResolver } from './resources';
import { RegionsModule } from '../regions/regions.module';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { RateLimitModule } from '../rate-limit/rate-limit.module';

/** Guards run in this order on every route: authenticate, rate-limit, validate, authorize. */
@Module({
  imports: [PassportModule, RegionsModule, RateLimitModule],
  providers: [
    ApiKeyCache,
    KeyCacheInvalidation,
    BasicStrategy,
    Policy,
    ResourceResolver,
    OrganizationBootstrap,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: ContractGuard },
    { provide: APP_GUARD, useClass: PolicyGuard },
  ],
  exports: [OrganizationBootstrap, Policy, ResourceResolver],
})
export class AuthModule {}

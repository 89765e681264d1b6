import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { BasicStrategy } from './basic.strategy';
import { AuthenticationGuard, ContractGuard, PolicyGuard } from './guards';
import { Policy } from './policy';
import { OrganizationBootstrap } from './organization-bootstrap';
import { ResourceResolver } from './resources';
import { RegionsModule } from '../regions/regions.module';

/** Guards run in this order on every route: authenticate, validate, authorize. */
@Module({
  imports: [PassportModule, RegionsModule],
  providers: [
    BasicStrategy,
    Policy,
    ResourceResolver,
    OrganizationBootstrap,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: ContractGuard },
    { provide: APP_GUARD, useClass: PolicyGuard },
  ],
  exports: [OrganizationBootstrap, Policy, ResourceResolver],
})
export class AuthModule {}

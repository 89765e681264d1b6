import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module';
import { RegionsModule } from '../regions/regions.module';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { RoleBindingsController } from './role-bindings/role-bindings.controller';
import { RoleBindingsService } from './role-bindings/role-bindings.service';
import { ServiceAccountsController } from './service-accounts/service-accounts.controller';
import { ServiceAccountsService } from './service-accounts/service-accounts.service';
import { UsersController } from './users/users.controller';
import { OrganizationLockout } from './organization-lockout';
import { Principals } from './principals';

/** iam/v2: users, service accounts, API keys and role bindings. */
@Module({
  imports: [EnvironmentsModule, RegionsModule],
  controllers: [UsersController, ServiceAccountsController, ApiKeysController, RoleBindingsController],
  providers: [ServiceAccountsService, ApiKeysService, RoleBindingsService, Principals, OrganizationLockout],
})
export class IamModule {}

import { Controller, Get, Patch } from '@nestjs/common';
import { OrganizationsRepository, type Organization } from '#db';
import { CurrentCaller, type Caller } from '../auth/caller';
import { ApiError } from '../common/api-error';
import { Urls } from '../common/urls';
import { ts, type Schemas } from '../common/views';
import { Valid } from '../common/valid.decorator';
import { Operation, type BodyOf } from '../openapi/operation.decorator';

/** A caller sees exactly one organization: its own. */
@Controller('org/v2/organizations')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listOrganizations')
  async list(@CurrentCaller() caller: Caller): Promise<Schemas['OrganizationList']> {
    const org = await this.own(caller);
    return { api_version: 'org/v2', kind: 'OrganizationList', metadata: { next: null }, data: [this.view(org)] };
  }

  @Get(':id')
  @Operation('getOrganization')
  async get(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
  ): Promise<Schemas['Organization']> {
    if (params.id !== caller.organizationId) throw ApiError.notFound('Organization', params.id);
    return this.view(await this.own(caller));
  }

  /** Renames the caller's organization; `jit_enabled` can only be false (no SSO), as the schema says. */
  @Patch(':id')
  @Operation('updateOrganization')
  async update(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('body') body: BodyOf<'updateOrganization'>,
  ): Promise<Schemas['Organization']> {
    if (params.id !== caller.organizationId) throw ApiError.notFound('Organization', params.id);
    if (body.display_name === undefined) return this.view(await this.own(caller));
    return this.view(await this.organizations.rename(caller.organizationId, body.display_name));
  }

  private async own(caller: Caller): Promise<Organization> {
    return this.organizations.get(caller.organizationId);
  }

  private view(org: Organization): Schemas['Organization'] {
    return {
      api_version: 'org/v2',
      kind: 'Organization',
      id: org.id,
      metadata: {
        self: this.urls.organization(org.id),
        resource_name: this.urls.crn.organization(org.id),
        created_at: ts(org.createdAt),
        updated_at: ts(org.updatedAt),
      },
      display_name: org.displayName,
      jit_enabled: org.jitEnabled,
    };
  }
}

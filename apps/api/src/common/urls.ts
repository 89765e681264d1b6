import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { CrnBuilder } from '#domain';

/** Canonical URLs (metadata.self, related) and CRNs of the resources the API serves. */
@Injectable()
export class Urls {
  readonly crn: CrnBuilder;
  readonly base: string;

  constructor(@Inject(CFLINK_CONFIG) config: CflinkConfig) {
    this.base = config.publicUrl;
    this.crn = new CrnBuilder(config.crnAuthority);
  }

  organization(id: string): string {
    return `${this.base}/org/v2/organizations/${id}`;
  }

  environment(id: string): string {
    return `${this.base}/org/v2/environments/${id}`;
  }

  computePool(id: string): string {
    return `${this.base}/fcpm/v2/compute-pools/${id}`;
  }

  region(id: string): string {
    return `${this.base}/fcpm/v2/regions/${id}`;
  }

  /** iam/v2 objects: `users`, `service-accounts`, `api-keys`, `role-bindings`. */
  iam(collection: 'users' | 'service-accounts' | 'api-keys' | 'role-bindings', id?: string): string {
    return `${this.base}/iam/v2/${collection}${id === undefined ? '' : `/${id}`}`;
  }

  /** Where a principal (`u-…` or `sa-…`) is read. */
  principal(id: string): string {
    return this.iam(id.startsWith('sa-') ? 'service-accounts' : 'users', id);
  }

  statements(orgId: string, envId: string): string {
    return `${this.base}/sql/v1/organizations/${orgId}/environments/${envId}/statements`;
  }

  statement(orgId: string, envId: string, name: string): string {
    return `${this.statements(orgId, envId)}/${encodeURIComponent(name)}`;
  }
}

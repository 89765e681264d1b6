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

  statements(orgId: string, envId: string): string {
    return `${this.base}/sql/v1/organizations/${orgId}/environments/${envId}/statements`;
  }

  statement(orgId: string, envId: string, name: string): string {
    return `${this.statements(orgId, envId)}/${encodeURIComponent(name)}`;
  }
}

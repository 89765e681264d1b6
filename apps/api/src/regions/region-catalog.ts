import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig, type RegionConfig } from '#config';
import { flinkRegionId } from '#domain';

export interface Region extends RegionConfig {
  /** `aws.us-east-1` */
  id: string;
  /** Position in the configured list, the sort key for pagination. */
  seq: bigint;
}

/** The Flink regions this deployment serves, from configuration (CFLINK_REGIONS). */
@Injectable()
export class RegionCatalog {
  readonly regions: Region[];

  constructor(@Inject(CFLINK_CONFIG) config: CflinkConfig) {
    this.regions = config.regions.map((r, i) => ({ ...r, id: flinkRegionId(r.cloud, r.region), seq: BigInt(i + 1) }));
  }

  /** The region for a pool's cloud (any case) and region name, if served. */
  find(cloud: string, region: string): Region | undefined {
    return this.regions.find((r) => r.cloud === cloud.toUpperCase() && r.region === region);
  }

  describe(): string {
    return this.regions.map((r) => `${r.cloud} ${r.region}`).join(', ');
  }
}

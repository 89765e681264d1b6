import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { BillingRepository } from '#db';
import { cfuHours, costMicros, dayOf, DAY_MS, formatMicros, parsePrice } from '#domain';
import type { Schemas } from '../common/views';

/** A day's CFU-minutes of one compute pool, as the ledger's daily roll-up holds them. */
export interface PoolDay {
  day: string;
  computePoolId: string;
  environmentId: string;
  flinkRegion: string;
  cfuMinutes: bigint;
}

/**
 * Flink costs from the metering ledger's daily roll-ups (`cfu_days`): one line per UTC day and
 * compute pool, CFU-minutes summed as integers, priced once per line at the pool's region price.
 */
@Injectable()
export class CostsService {
  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly billing: BillingRepository,
  ) {}

  /** Price of a CFU-hour in a Flink region, in micro-units. */
  priceOf(flinkRegion: string): bigint {
    const { regionCfuHourPrices, defaultCfuHourPrice } = this.config.metering;
    return parsePrice(regionCfuHourPrices[flinkRegion] ?? defaultCfuHourPrice);
  }

  async poolDays(organizationId: string, start: string, end: string): Promise<PoolDay[]> {
    const rows = await this.billing.poolDays(organizationId, start, end);
    return rows.map((r) => ({ ...r, day: dayOf(r.day) }));
  }

  /** Display names of the pools that still exist; a deleted pool's lines show its id. */
  poolNames(organizationId: string, ids: string[]): Promise<Map<string, string>> {
    return this.billing.poolNames(organizationId, ids);
  }

  line(row: PoolDay, displayName: string | undefined): Schemas['Cost'] {
    const price = this.priceOf(row.flinkRegion);
    const amount = Number(formatMicros(costMicros(row.cfuMinutes, price)));
    return {
      api_version: 'billing/v1',
      kind: 'Cost',
      id: `cost-${row.day}-${row.computePoolId}`,
      start_date: row.day,
      end_date: dayOf(new Date(Date.parse(row.day) + DAY_MS)),
      granularity: 'DAILY',
      network_access_type: 'INTERNET',
      product: 'FLINK',
      line_type: 'FLINK_NUM_CFUS',
      unit: 'CFU-hour',
      quantity: cfuHours(row.cfuMinutes),
      price: Number(formatMicros(price)),
      original_amount: amount,
      discount_amount: 0,
      amount,
      resource: {
        id: row.computePoolId,
        display_name: displayName ?? row.computePoolId,
        environment: { id: row.environmentId },
      },
    };
  }
}

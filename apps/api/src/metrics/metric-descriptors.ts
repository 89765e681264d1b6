import { Injectable } from '@nestjs/common';
import { encodePageToken, FLINK_METRICS, metricDescriptor, resourceDescriptors } from '#domain';
import { pageRequest, type ListQuery } from '../common/pagination';
import { Urls } from '../common/urls';

const PAGE_SIZE_DEFAULT = 100;

/** The Metrics API catalogue (descriptors of metrics and resource types), paged the Metrics API way. */
@Injectable()
export class MetricDescriptors {
  constructor(private readonly urls: Urls) {}

  metrics(query: ListQuery & { resource_type?: string }) {
    const all = FLINK_METRICS.filter((m) => !query.resource_type || m.resource === query.resource_type).map(
      metricDescriptor,
    );
    const filters: Record<string, string> = query.resource_type ? { resource_type: query.resource_type } : {};
    return this.page(all, query, 'descriptors/metrics', filters);
  }

  resources(query: ListQuery) {
    return this.page(resourceDescriptors(), query, 'descriptors/resources', {});
  }

  /** One page of `items` with `meta.pagination` and, when more follow, `links.next`. */
  private page<T>(items: T[], query: ListQuery, path: string, filters: Record<string, string>) {
    const scope = `${path}?${new URLSearchParams(filters).toString()}`;
    const page = pageRequest({ ...query, page_size: query.page_size ?? PAGE_SIZE_DEFAULT }, scope);
    const from = Number(page.cursor?.after ?? 0n);
    const data = items.slice(from, from + page.size);
    const more = from + page.size < items.length;
    const token = more ? encodePageToken({ after: BigInt(from + page.size) }, scope) : undefined;
    const next = token
      ? `${this.urls.base}/v2/metrics/cloud/${path}?${new URLSearchParams({ ...filters, page_size: String(page.size), page_token: token }).toString()}`
      : undefined;
    return {
      data,
      meta: {
        pagination: { page_size: page.size, total_size: items.length, ...(token ? { next_page_token: token } : {}) },
      },
      links: next ? { next } : null,
    };
  }
}

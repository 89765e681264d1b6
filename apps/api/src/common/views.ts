import type { components } from '#client';

export type Schemas = components['schemas'];

/** RFC 3339 timestamps as the API emits them (UTC, millisecond precision). */
export function ts(date: Date): string {
  return date.toISOString();
}

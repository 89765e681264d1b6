/**
 * Metering arithmetic, pure: CFU-minutes in UTC minute buckets, the minutes a metering pass
 * fills for a statement that sent no sample, the minimum charge, roll-up keys, day ranges and
 * money. Quantities are integers of CFU-minutes; prices are decimal strings held as integer
 * micro-dollars, so totals never drift.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Start of the UTC minute `at` falls in. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** Start of the UTC hour `at` falls in. */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** The UTC day `at` falls in, as `YYYY-MM-DD`. */
export function dayOf(at: Date): string {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** One statement-minute of the ledger: CFUs held, and whether a metering pass filled it in. */
export interface MinuteBucket {
  cfu: number;
  filled: boolean;
}

/**
 * A sample's effect on its minute's bucket: the most CFUs observed within the minute; an
 * observed sample replaces a filled-in value. Replaying any sample leaves the bucket unchanged.
 * A sample of 0 CFUs (the engine holds nothing) adds nothing.
 */
export function mergeSample(bucket: MinuteBucket | null, cfu: number): MinuteBucket | null {
  if (cfu <= 0) return bucket;
  if (!bucket || bucket.filled) return { cfu, filled: false };
  return { cfu: Math.max(bucket.cfu, cfu), filled: false };
}

export interface FillInput {
  /** Minute through which (exclusive) an earlier pass already accounted this run, or null on first sight. */
  cursor: Date | null;
  /** Latest minute the ledger holds for the statement (observed or filled), or null. */
  lastMinute: Date | null;
  now: Date;
  /** When the run ended (the statement left RUNNING/DEGRADED), or null while it runs. */
  endedAt: Date | null;
  /** Bound of one pass; the cursor says where the next pass continues. */
  maxMinutes: number;
}

export interface Fill {
  minutes: Date[];
  /** Where the next pass starts (exclusive bound of what is accounted now). */
  cursor: Date;
}

/**
 * The minutes a metering pass fills with the statement's last known CFUs: those after both the
 * cursor and the ledger's latest minute, before the current minute while it runs (a sample may
 * still come) or through its end minute once it ended. A statement first seen running starts
 * its cursor at the current minute: what came before is either sampled or not part of this run.
 */
export function minutesToFill(input: FillInput): Fill {
  const current = minuteOf(input.now).getTime();
  const afterLast = input.lastMinute ? minuteOf(input.lastMinute).getTime() + MINUTE_MS : -Infinity;
  const from = Math.max(input.cursor ? minuteOf(input.cursor).getTime() : current, afterLast);
  const until = input.endedAt ? Math.min(current + MINUTE_MS, minuteOf(input.endedAt).getTime() + MINUTE_MS) : current;
  const to = Math.min(until, from + input.maxMinutes * MINUTE_MS);
  const minutes: Date[] = [];
  for (let t = from; t < to; t += MINUTE_MS) minutes.push(new Date(t));
  const cursor = Math.max(to, input.cursor ? minuteOf(input.cursor).getTime() : current);
  return { minutes, cursor: new Date(Number.isFinite(cursor) ? cursor : current) };
}

/**
 * Minimum charge: a statement that ran an engine job at all owes at least one CFU-minute. The
 * minute to charge (its start minute) when the ledger holds nothing for it, else null.
 */
export function minimumChargeMinute(ran: { startedAt: Date | null; hasJob: boolean; ledgerMinutes: number }) {
  if (!ran.hasJob || !ran.startedAt || ran.ledgerMinutes > 0) return null;
  return minuteOf(ran.startedAt);
}

/** Sums CFU-minutes by key (hour, day, pool, …); integers stay exact. */
export function rollUp<T>(rows: readonly T[], key: (row: T) => string, cfuMinutes: (row: T) => number) {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + cfuMinutes(row));
  return sums;
}

export class MeteringInputError extends Error {}

/** A `YYYY-MM-DD` calendar date at UTC midnight; rejects impossible dates (2026-02-30). */
export function parseDay(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const at = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  if (!at || at.toISOString().slice(0, 10) !== value) throw new MeteringInputError(`${value} is not a date YYYY-MM-DD`);
  return at;
}

/** The UTC days of [start, end): end exclusive, at least one day, at most `maxDays`. */
export function dayRange(start: string, end: string, maxDays: number): string[] {
  const from = parseDay(start).getTime();
  const to = parseDay(end).getTime();
  if (to <= from) throw new MeteringInputError('end_date must be after start_date (end_date is exclusive)');
  const days = (to - from) / DAY_MS;
  if (days > maxDays) throw new MeteringInputError(`the range may span at most ${maxDays} days, got ${days}`);
  return Array.from({ length: days }, (_, i) => dayOf(new Date(from + i * DAY_MS)));
}

/** The calendar month holding `at`, as an end-exclusive day range. */
export function monthOf(at: Date): { start: string; end: string } {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  return { start: dayOf(new Date(Date.UTC(y, m, 1))), end: dayOf(new Date(Date.UTC(y, m + 1, 1))) };
}

const MICROS = 1_000_000n;

/** A price as a decimal string with at most 6 decimals, in integer micro-units. */
export function parsePrice(value: string): bigint {
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(value);
  if (!match) throw new MeteringInputError(`${value} is not a price (digits, at most 6 decimals)`);
  return BigInt(match[1]) * MICROS + BigInt((match[2] ?? '').padEnd(6, '0'));
}

/** Integer micro-units as a decimal string without trailing zeros (`1.5`, `0.000001`, `3`). */
export function formatMicros(micros: bigint): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  const fraction = (abs % MICROS).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${abs / MICROS}${fraction ? `.${fraction}` : ''}`;
}

/**
 * What `cfuMinutes` cost at `pricePerCfuHour` (micro-units per CFU-hour): rounded half up to
 * the micro-unit once per line, so a total is the exact sum of its lines.
 */
export function costMicros(cfuMinutes: bigint, pricePerCfuHour: bigint): bigint {
  return (cfuMinutes * pricePerCfuHour * 2n + 60n) / 120n;
}

/** CFU-minutes as CFU-hours, for the costs API's `quantity`. */
export function cfuHours(cfuMinutes: bigint): number {
  return Number(cfuMinutes) / 60;
}

/**
 * The chaos suite's pipeline of known input: records `{id, k}` with ids 0, 1, 2, … keyed by
 * `k = id % KEYS`, a stateless copy (`dst` gets every id once) and a stateful aggregation (`agg`
 * holds, per key, the count and sum of its ids). Read_committed consumers follow the input and both
 * outputs, so what they have seen can be compared with what was produced at any time.
 */
import { logLevel, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { loadConfig } from '#config';
import { kafkaClient } from '#contracts';
import { APP_ENV } from './processes';

export const KEYS = 10;

export class Pipeline {
  private readonly kafka: Kafka;
  private producer!: Producer;
  private readonly consumers: Consumer[] = [];
  produced = 0;
  /** How often each id is in `src`, the input: more than once is the suite's fault, not the pipeline's. */
  readonly input = new Map<number, number>();
  /** How often each id reached the copy. */
  readonly copied = new Map<number, number>();
  /** The latest aggregate per key. */
  readonly aggregates = new Map<number, { n: number; s: number }>();

  constructor(private readonly cluster: string) {
    this.kafka = kafkaClient(loadConfig({ ...process.env, ...APP_ENV }).engine, 'cflink-chaos', logLevel.NOTHING);
  }

  topic = (table: string) => `${this.cluster}.${table}`;

  async connect(): Promise<void> {
    // Idempotent, so the input itself is exact: kafkajs retries a whole produce request when one
    // of its partitions fails, and right after a broker restart one partition of `src` can have
    // its leader while the other has not yet. A plain producer then writes the first partition's
    // batch twice (seen: 250 ids twice in src, faithfully copied to dst); with a producer id and
    // sequence numbers the broker drops the repeated batch.
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 30 } });
    await this.producer.connect();
    await this.follow('src', (value) => {
      const { id } = value as { id: number };
      this.input.set(id, (this.input.get(id) ?? 0) + 1);
    });
    await this.follow('dst', (value) => {
      const { id } = value as { id: number };
      this.copied.set(id, (this.copied.get(id) ?? 0) + 1);
    });
    await this.follow('agg', (value, key) => {
      const v = value as { k?: number; n: number; s: number };
      const k = v.k ?? (key as { k: number }).k;
      this.aggregates.set(k, { n: Number(v.n), s: Number(v.s) });
    });
  }

  private async follow(table: string, apply: (value: unknown, key: unknown) => void): Promise<void> {
    // kafkajs reads read_committed unless told otherwise: aborted transactions never show.
    const consumer = this.kafka.consumer({ groupId: `chaos-${table}-${Date.now()}`, readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic(table), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        const key = message.key?.length ? (JSON.parse(message.key.toString()) as unknown) : null;
        apply(JSON.parse(message.value.toString()), key);
      },
    });
    this.consumers.push(consumer);
  }

  async produce(count: number): Promise<void> {
    const messages = Array.from({ length: count }, (_, i) => {
      const id = this.produced + i;
      return { value: JSON.stringify({ id, k: id % KEYS }) };
    });
    await this.producer.send({ topic: this.topic('src'), messages });
    this.produced += count;
  }

  /**
   * Produces small batches one after another until `until` settles: records written while a
   * broker goes away and while its partitions regain their leaders one by one.
   */
  async produceWhile(until: Promise<unknown>): Promise<void> {
    let settled = false;
    until.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled) await this.produce(10);
  }

  /** What is wrong with the input or the outputs now, or '' when all are exact. */
  mismatch(): string {
    const repeatedInput = [...this.input].filter(([, n]) => n > 1).length;
    if (repeatedInput > 0)
      return `${repeatedInput} ids are in src more than once: the suite's producer wrote them twice`;
    const duplicates = [...this.copied].filter(([, n]) => n > 1).length;
    if (duplicates > 0) return `${duplicates} ids reached dst more than once`;
    if (this.copied.size !== this.produced) return `dst has ${this.copied.size} of ${this.produced} ids`;
    for (let k = 0; k < KEYS; k++) {
      const expected = { n: 0, s: 0 };
      for (let id = k; id < this.produced; id += KEYS) {
        expected.n += 1;
        expected.s += id;
      }
      const got = this.aggregates.get(k);
      if (got?.n !== expected.n || got.s !== expected.s) {
        return `agg[${k}] is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`;
      }
    }
    return '';
  }

  async close(): Promise<void> {
    for (const c of this.consumers) await c.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}

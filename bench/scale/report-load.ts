/**
 * The engine's report load on the scheduler's event consumer (issue 14, goal 3): every RUNNING
 * statement reports a statement event and a metric sample each tick (10 s, as workers sample),
 * produced onto the report topics as workers would, and the consumer must apply a tick's messages
 * before the next one comes.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { logLevel, type Admin } from 'kafkajs';
import { loadConfig } from '#config';
import {
  kafkaClient,
  STATEMENT_EVENTS_TOPIC,
  STATEMENT_METRICS_TOPIC,
  type MetricSample,
  type StatementEvent,
} from '#contracts';
import { processCpuMs } from '../api-process';

export interface ReportTick {
  messages: number;
  /** From the tick's last message produced to the consumer group having committed past it (null: not within the limit). */
  drainMs: number | null;
  /** The group's lag (messages) when the tick's last message was produced. */
  lagAtEnd: number;
}

export interface ReportLoad {
  ticks: ReportTick[];
  /** Scheduler CPU per second over the whole load. */
  cpuPerSecond: number;
}

const TOPICS = [STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Offsets by `topic:partition`. */
async function ends(admin: Admin): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const topic of TOPICS) {
    for (const p of await admin.fetchTopicOffsets(topic)) out.set(`${topic}:${p.partition}`, Number(p.offset));
  }
  return out;
}

async function committed(admin: Admin, groupId: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of await admin.fetchOffsets({ groupId, topics: TOPICS })) {
    for (const p of t.partitions) out.set(`${t.topic}:${p.partition}`, Math.max(0, Number(p.offset)));
  }
  return out;
}

const lag = (target: Map<string, number>, at: Map<string, number>) =>
  [...target].reduce((sum, [k, end]) => sum + Math.max(0, end - (at.get(k) ?? 0)), 0);

/** Waits until the group has committed up to `target`, or `limitMs`; returns whether it did. */
async function caughtUp(admin: Admin, groupId: string, target: Map<string, number>, limitMs: number) {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (lag(target, await committed(admin, groupId)) === 0) return true;
    await sleep(100);
  }
  return false;
}

/**
 * Waits (up to five minutes) until the scheduler's event consumer has read what the shared report
 * topics held when called: a new group starts from their beginning, and the idle cost is measured
 * once it has caught up. Returns the seconds it took.
 */
export async function reportsCaughtUp(groupId: string): Promise<number> {
  const admin = kafkaClient(loadConfig().engine, `bench-scale-${randomUUID().slice(0, 8)}`, logLevel.NOTHING).admin();
  await admin.connect();
  const started = Date.now();
  try {
    await caughtUp(admin, groupId, await ends(admin), 300_000);
    return (Date.now() - started) / 1000;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * `statements`: the RUNNING statements (uid, pool) that report; `ticks` ticks of `tickMs`, each
 * spreading its messages over the first half of the tick (workers sample on their own clocks).
 */
export async function reportLoad(
  scheduler: ChildProcess,
  groupId: string,
  statements: { uid: string; poolId: string }[],
  ticks: number,
  tickMs: number,
): Promise<ReportLoad> {
  const kafka = kafkaClient(loadConfig().engine, `bench-scale-${randomUUID().slice(0, 8)}`, logLevel.NOTHING);
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    // The group first catches up with what the shared topics held before (other runs' reports).
    await caughtUp(admin, groupId, await ends(admin), 300_000);
    const out: ReportTick[] = [];
    const cpu0 = processCpuMs(scheduler.pid!);
    const t0 = Date.now();
    let seq = Date.now() * 1000;
    for (let tick = 0; tick < ticks; tick++) {
      const start = Date.now();
      const slices = 10;
      for (let s = 0; s < slices; s++) {
        const part = statements.filter((_, i) => i % slices === s);
        const at = new Date().toISOString();
        const events = part.map(({ uid }) => {
          const event: StatementEvent = { version: 1, statementUid: uid, seq: ++seq, at, phase: 'RUNNING', cfu: 1 };
          return { key: uid, value: JSON.stringify(event) };
        });
        const samples = part.map(({ uid, poolId }) => {
          const sample: MetricSample = {
            version: 1,
            statementUid: uid,
            computePoolId: poolId,
            at,
            recordsIn: tick * 1000,
            recordsOut: tick * 900,
            pendingRecords: 0,
            currentCfu: 1,
            stateSizeBytes: 1024,
            busyRatio: 0.2,
            backPressuredRatio: 0,
          };
          return { key: uid, value: JSON.stringify(sample) };
        });
        await producer.sendBatch({
          topicMessages: [
            { topic: STATEMENT_EVENTS_TOPIC, messages: events },
            { topic: STATEMENT_METRICS_TOPIC, messages: samples },
          ],
        });
        await sleep(Math.max(0, start + ((s + 1) * tickMs) / 2 / slices - Date.now()));
      }
      const produced = Date.now();
      const target = await ends(admin);
      const lagAtEnd = lag(target, await committed(admin, groupId));
      const done = await caughtUp(admin, groupId, target, Math.max(0, start + tickMs - Date.now()) + 60_000);
      out.push({ messages: statements.length * 2, drainMs: done ? Date.now() - produced : null, lagAtEnd });
      await sleep(Math.max(0, start + tickMs - Date.now()));
    }
    const seconds = (Date.now() - t0) / 1000;
    return { ticks: out, cpuPerSecond: (processCpuMs(scheduler.pid!) - cpu0) / seconds };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

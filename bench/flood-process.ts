/**
 * A producer in a child process (its own event loop, so the measuring process keeps sampling)
 * flooding a topic with `{"id": n}` for n in 0..count-1 as fast as the broker takes them; and
 * a per-record filter costly enough that 1 CFU reads far slower than the flood writes. Shared by
 * bench/autopilot and test/engine/autopilot.e2e.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const COSTLY_FILTER = "CHAR_LENGTH(REGEXP_REPLACE(REPEAT(CAST(id AS STRING), 2000), '[0-9]', 'x')) > 0";

/** Autopilot with windows of seconds and samples every second; the defaults (minutes) would not fit a bench or a test. */
export const FAST_AUTOPILOT_ENV = {
  CFLINK_METRICS_INTERVAL_MS: '1000',
  CFLINK_AUTOPILOT_INTERVAL_MS: '1000',
  CFLINK_AUTOPILOT_WINDOW_MS: '8000',
  CFLINK_AUTOPILOT_COOLDOWN_MS: '8000',
  CFLINK_AUTOPILOT_LAG_RECORDS: '200',
  CFLINK_AUTOPILOT_DRAIN_SECONDS: '2',
};

/** `done` settles when the producer has sent every record (or was killed by a signal). */
export function floodProcess(
  topic: string,
  count: number,
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcess; done: Promise<void> } {
  const script = `
    const { kafkaClient } = require(${JSON.stringify(join(__dirname, '../libs/contracts/src'))});
    const { loadConfig } = require(${JSON.stringify(join(__dirname, '../libs/config/src'))});
    (async () => {
      const producer = kafkaClient(loadConfig().engine, 'flood', 0).producer();
      await producer.connect();
      for (let next = 0; next < ${count}; ) {
        const messages = [];
        for (let i = 0; i < 10000 && next < ${count}; i++) messages.push({ value: JSON.stringify({ id: next++ }) });
        await producer.send({ topic: ${JSON.stringify(topic)}, messages });
      }
      await producer.disconnect();
    })().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const done = new Promise<void>((resolve, reject) =>
    child.on('exit', (code, signal) =>
      code === 0 || signal ? resolve() : reject(new Error(`flood exited with ${code}`)),
    ),
  );
  return { child, done };
}

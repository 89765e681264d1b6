/**
 * An API replica stopped with SIGTERM during a burst of requests answers every request it had
 * received (no connection reset), tells clients to close their connections, and exits 0. The
 * API runs as a child process (`node dist/apps/api/src/main.js`), as it does in production.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { newApiKeyId, newApiKeySecret } from '#domain';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

interface Answer {
  status: number;
  connection: string | undefined;
}

describe('graceful shutdown of an API replica', () => {
  let api: ChildProcess | undefined;
  after(() => {
    if (api && api.exitCode === null) api.kill('SIGKILL');
  });

  it('answers every request in flight when SIGTERM arrives, then exits 0', async () => {
    const port = await freePort();
    const key = newApiKeyId();
    const secret = newApiKeySecret();
    api = spawn(process.execPath, [join(__dirname, '../../apps/api/src/main.js')], {
      env: {
        ...process.env,
        CFLINK_HOST: '127.0.0.1',
        CFLINK_PORT: String(port),
        CFLINK_BOOTSTRAP_API_KEY: key,
        CFLINK_BOOTSTRAP_API_SECRET: secret,
        CFLINK_RATE_LIMIT_PER_SECOND: '100000',
        CFLINK_RATE_LIMIT_PER_MINUTE: '1000000',
        CFLINK_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = once(api, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const connections = 16;
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const auth = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
    const get = (onWritten?: () => void) =>
      new Promise<Answer>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/org/v2/environments', agent, headers: { authorization: auth } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
          },
        );
        req.on('error', reject);
        req.on('finish', () => onWritten?.());
        req.end();
      });

    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await get().catch(() => undefined);
      if (up?.status === 200) break;
      assert.ok(Date.now() < deadline, 'the API did not start within 60 s');
      await new Promise((r) => setTimeout(r, 300));
    }
    // Open every connection first, so the burst below travels on connections already accepted.
    const warm = await Promise.all(Array.from({ length: connections }, () => get()));
    assert.ok(warm.every((a) => a.status === 200));

    let written = 0;
    let signalled!: () => void;
    const sent = new Promise<void>((resolve) => (signalled = resolve));
    const burst = Array.from({ length: connections }, () =>
      get(() => {
        if (++written === connections) signalled();
      }),
    );
    await sent;
    api.kill('SIGTERM');
    const answers = await Promise.allSettled(burst);
    const failures = answers.filter((a) => a.status === 'rejected').map((a) => String(a.reason));
    assert.deepEqual(failures, [], 'no request was cut off');
    const statuses = answers.map((a) => (a as PromiseFulfilledResult<Answer>).value.status);
    assert.deepEqual(statuses, Array(connections).fill(200));
    const [code, signal] = await exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
    agent.destroy();
  });
});

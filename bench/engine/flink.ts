/** Flink REST calls the engine bench times directly (the "raw" side of each ratio). */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JobOverview {
  jid: string;
  name: string;
  state: string;
}

export class BenchFlink {
  constructor(private readonly restUrl: string) {}

  /** Polls Flink until a job named `name` is RUNNING; returns its id. */
  async jobRunning(name: string, timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const res = await fetch(`${this.restUrl}/jobs/overview`);
      const { jobs } = (await res.json()) as { jobs: JobOverview[] };
      const job = jobs.find((j) => j.name === name && j.state === 'RUNNING');
      if (job) return job.jid;
      await sleep(25);
    }
    throw new Error(`job ${name} did not reach RUNNING`);
  }

  async cancel(jid: string): Promise<void> {
    await fetch(`${this.restUrl}/jobs/${jid}?mode=cancel`, { method: 'PATCH' });
  }

  /** Flink's own stop-with-savepoint: trigger, then poll until the savepoint is written; its location. */
  async stopWithSavepoint(jid: string): Promise<string> {
    for (;;) {
      const res = await fetch(`${this.restUrl}/jobs/${jid}/stop`, { method: 'POST', body: '{"drain":false}' });
      const body = (await res.json()) as { 'request-id'?: string; errors?: string[] };
      if (body['request-id']) return this.savepointDone(jid, body['request-id']);
      // Tasks still deploying: Flink refuses the savepoint until they run.
      await sleep(100);
    }
  }

  private async savepointDone(jid: string, trigger: string): Promise<string> {
    for (;;) {
      const res = await fetch(`${this.restUrl}/jobs/${jid}/savepoints/${trigger}`);
      const s = (await res.json()) as { status: { id: string }; operation?: { location?: string } };
      if (s.status.id === 'COMPLETED') {
        if (!s.operation?.location) throw new Error(`savepoint of ${jid} failed`);
        return s.operation.location;
      }
      await sleep(25);
    }
  }
}

export function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function line(label: string, ms: number[]): string {
  const s = stats(ms);
  return `  ${label.padEnd(34)} median ${s.median} ms (min ${s.min}, max ${s.max})`;
}

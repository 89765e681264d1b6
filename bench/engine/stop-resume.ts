import { BenchFlink, line, stats } from './flink';
import { hopReport, type HopRun } from './hops';

interface CflinkSide {
  submit: (name: string, statement: string) => Promise<{ metadata: { uid: string } }>;
  phase: (name: string, want: string) => Promise<void>;
  /** PATCH of `spec.stopped` through the API. */
  setStopped: (name: string, stopped: boolean) => Promise<void>;
}

interface RawSide {
  /** Submits the raw INSERT as job `name`, from `savepoint` when given; the job id once RUNNING. */
  start: (name: string, savepoint?: string) => Promise<string>;
}

/**
 * (a3) stop → STOPPED and resume → RUNNING of one INSERT through the API, against Flink's own
 * stop-with-savepoint and a restore from that savepoint submitted through the SQL Gateway.
 * Alternated per cycle; every cycle stops and resumes the same cflink statement.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A uniformly random point of the Kafka source's 500 ms fetch cycle. */
const fetchPhase = () => Math.floor(Math.random() * 500);

export async function stopResume(cycles: number, hops: string, flink: BenchFlink, cflink: CflinkSide, raw: RawSide) {
  const name = 'lifecycle';
  const { uid } = (await cflink.submit(name, 'INSERT INTO snk SELECT id, label, amount FROM src')).metadata;
  const stopHops: HopRun[] = [];
  const resumeHops: HopRun[] = [];
  await cflink.phase(name, 'RUNNING');
  const stops: number[] = [];
  const resumes: number[] = [];
  const rawStops: number[] = [];
  const rawRestores: number[] = [];
  let rawJob = await raw.start('raw-lifecycle-0');
  for (let i = 0; i < cycles; i++) {
    // A job's tasks must run before a savepoint can be taken: both sides start from a running job.
    // A stopping job ends once its Kafka source's in-flight long-poll fetch returns (up to
    // fetch.max.wait.ms, 500 ms, on an idle topic), so where a stop lands in that cycle decides
    // most of its time: a fixed wait locked each side to one phase (one side always paid ~450 ms,
    // the other ~50). Each stop waits a random part of the cycle more, so both sample all of it.
    await sleep(2000 + fetchPhase());
    let t0 = Date.now();
    await cflink.setStopped(name, true);
    let patched = Date.now();
    await cflink.phase(name, 'STOPPED');
    stops.push(Date.now() - t0);
    stopHops.push({ uid, t0, seen: { patched, 'phase STOPPED': Date.now() } });

    await sleep(fetchPhase());
    t0 = Date.now();
    const savepoint = await flink.stopWithSavepoint(rawJob);
    rawStops.push(Date.now() - t0);

    t0 = Date.now();
    await cflink.setStopped(name, false);
    patched = Date.now();
    await cflink.phase(name, 'RUNNING');
    resumes.push(Date.now() - t0);
    resumeHops.push({ uid, t0, seen: { patched, 'phase RUNNING': Date.now() } });

    t0 = Date.now();
    rawJob = await raw.start(`raw-lifecycle-${i + 1}`, savepoint);
    rawRestores.push(Date.now() - t0);
  }
  await flink.cancel(rawJob);
  console.log(`\n(a3) stop and resume, ${cycles} cycles each`);
  console.log(line('cflink stop → STOPPED:', stops));
  console.log(line('Flink stop-with-savepoint:', rawStops));
  console.log(`  ratio:                             ${(stats(stops).median / stats(rawStops).median).toFixed(2)}`);
  console.log(hopReport(hops, 'cflink stop', stopHops));
  console.log(line('cflink resume → RUNNING:', resumes));
  console.log(line('direct restore → job RUNNING:', rawRestores));
  console.log(`  ratio:                             ${(stats(resumes).median / stats(rawRestores).median).toFixed(2)}`);
  console.log(hopReport(hops, 'cflink resume', resumeHops));
  return name;
}

import { UnrecoverableError, type Job } from 'bullmq';
import { EngineJobContract, engineJobId, type EngineJob } from '#contracts';

/**
 * The job's command if its contract accepts it and the job is named and keyed as the scheduler
 * names and keys it. A rejected job fails for good (no retry); the `failed` handler logs it once.
 */
export function readJob(job: Job): EngineJob {
  const read = EngineJobContract.read(job.data);
  if (!read.ok) throw new UnrecoverableError(`rejected: ${read.reason}`);
  if (job.name !== read.value.command || job.id !== engineJobId(read.value)) {
    throw new UnrecoverableError('rejected: job name or id does not match its command');
  }
  return read.value;
}

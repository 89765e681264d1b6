import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointFolderOf, newestCompleteCheckpoint } from '#domain';

/**
 * The newest complete checkpoint Flink retained for `jobId`, when checkpoints are on a file
 * system this worker sees (the local data plane; `recorded` tells where); otherwise `recorded`,
 * the latest one a metric sample reported.
 */
export async function latestRetainedCheckpoint(recorded: string | null, jobId: string): Promise<string | null> {
  const folder = recorded ? checkpointFolderOf(recorded, jobId) : null;
  if (!folder) return recorded;
  const names = await readdir(folder).catch(() => [] as string[]);
  const newest = newestCompleteCheckpoint(
    names.map((name) => ({ name, complete: existsSync(join(folder, name, '_metadata')) })),
  );
  return newest ? `file:${folder}/${newest}` : recorded;
}

/**
 * Which retained checkpoint a lost job resumes from. The statement records its job's latest
 * checkpoint with each metric sample, which can be a checkpoint or two behind when the
 * JobManager dies; resuming from an older one would replay records whose Kafka transactions were
 * already committed (duplicates downstream). Flink keeps its checkpoints as
 * `<checkpoints dir>/<job id>/chk-<n>` (a complete one holds `_metadata`), so the newest complete
 * one of the lost job is the place to resume. Pure; the worker lists the folder.
 */

/** Where the lost job's checkpoints live, judged from one recorded `file:` checkpoint location. */
export function checkpointFolderOf(recorded: string, jobId: string): string | null {
  const m = /^(file:\/*)(\/.*)\/[0-9a-f]{32}\/chk-\d+\/?$/.exec(recorded);
  return m ? `${m[2]}/${jobId}` : null;
}

/** The newest complete checkpoint among `entries` (folder names with whether `_metadata` exists). */
export function newestCompleteCheckpoint(entries: { name: string; complete: boolean }[]): string | null {
  let best: { name: string; n: number } | null = null;
  for (const e of entries) {
    const m = /^chk-(\d+)$/.exec(e.name);
    if (!m || !e.complete) continue;
    const n = Number(m[1]);
    if (!best || n > best.n) best = { name: e.name, n };
  }
  return best?.name ?? null;
}

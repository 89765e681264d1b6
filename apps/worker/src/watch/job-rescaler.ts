import { Injectable, Logger } from '@nestjs/common';
import type { Statement } from '#db';
import { actionableEngineDetail, redactKafkaSecrets, sqlKind } from '#domain';
import { CommandHandler } from '../commands/command-handler';
import { StartClaims } from '../commands/start-claims';
import { EventPublisher } from '../events/event-publisher';
import { StatementRunner } from '../runner/statement-runner';

/**
 * Carries out an Autopilot decision (statement.target_cfu) on Flink: stop the job with a
 * savepoint, then run the statement again from it at the new parallelism. Kafka sinks commit
 * their transactions with the savepoint and the restored sources continue from its offsets, so
 * every record is written exactly once across the rescale. Called by the statement's watching
 * worker, between its checks of the job, so nothing else of this worker judges the job meanwhile.
 */
@Injectable()
export class JobRescaler {
  private readonly logger = new Logger(JobRescaler.name);

  constructor(
    private readonly claims: StartClaims,
    private readonly commands: CommandHandler,
    private readonly runner: StatementRunner,
    private readonly events: EventPublisher,
  ) {}

  /** True when the statement now runs as a new job (its old job ended). */
  async rescale(row: Statement, jobId: string, target: number): Promise<boolean> {
    const token = await this.claims.claimRescale(row.uid);
    if (token === null) return false; // stopped, deleted or being started: that command acts alone
    const started = Date.now();
    try {
      let savepointPath: string | undefined;
      try {
        savepointPath = await this.commands.stopWithSavepoint(jobId);
      } catch (e) {
        // The job keeps running at its CFUs; Autopilot decides again after its cool-down.
        await this.claims.recordRescaled(row.uid, token, jobId);
        this.logger.warn(`rescaling ${row.name}: the savepoint failed: ${this.detail(e)}`);
        await this.events.publish(row.uid, { phase: 'RUNNING', detail: '', flinkJobId: jobId, cfu: row.cfu });
        return false;
      }
      const now = await this.claims.stillRunning(row.uid);
      if (!now || !savepointPath) {
        // Stopped or deleted while the savepoint was taken: that command finds no job, so the savepoint is reported here.
        await this.events.publish(row.uid, {
          phase: 'STOPPED',
          detail: savepointPath ? 'Stopped with a savepoint; a resume continues from it.' : 'Stopped.',
          cfu: 0,
          ...(savepointPath ? { savepointPath } : {}),
        });
        return true;
      }
      try {
        const outcome = await this.runner.run(row, target, savepointPath);
        if (outcome.kind !== 'job') throw new Error(`the statement ran as ${outcome.kind}, not as a job`);
        await this.claims.recordRescaled(row.uid, token, outcome.jobId);
        await this.events.publish(row.uid, {
          phase: 'RUNNING',
          detail: '',
          flinkJobId: outcome.jobId,
          cfu: target,
          savepointPath,
        });
        this.logger.log(
          `rescaled ${row.name} (${row.uid}) from ${row.cfu} to ${target} CFU in ${Date.now() - started} ms (job ${outcome.jobId})`,
        );
      } catch (e) {
        await this.events.publish(row.uid, {
          phase: 'FAILED',
          detail: actionableEngineDetail(`Rescaling to ${target} CFU failed: ${this.detail(e)}`),
          cfu: 0,
          savepointPath,
          sqlKind: sqlKind(row.statement),
        });
      }
      return true;
    } finally {
      await this.claims.settle(row.uid, token);
    }
  }

  private detail(e: unknown): string {
    return redactKafkaSecrets(e instanceof Error ? e.message : String(e)).slice(0, 2000);
  }
}

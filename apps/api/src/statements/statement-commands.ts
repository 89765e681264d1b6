import { Injectable } from '@nestjs/common';
import { enqueueCommand, StatementsRepository, type Statement, type StatementChanges, type Tx } from '#db';
import { decideUpdate, isRejection, type Transition } from '#domain';

/** Applies StatementLifecycle decisions to rows, with their outbox commands, inside a transaction. */
@Injectable()
export class StatementCommands {
  constructor(private readonly statements: StatementsRepository) {}

  /**
   * Writes `transition` if the row is still at `resourceVersion`; false when a concurrent
   * writer got there first. `row` was read in its organization, so its `organizationId` is the caller's.
   */
  async apply(
    tx: Tx,
    row: Statement,
    transition: Transition,
    resourceVersion: number,
    resume = false,
    /** Other fields the same change sets (labels, baseline CFUs). */
    extra: StatementChanges = {},
  ): Promise<boolean> {
    const now = new Date();
    const applied = await this.statements.updateAtVersion(tx, row.organizationId, row.uid, resourceVersion, {
      ...extra,
      resourceVersion: { increment: 1 },
      stopped: transition.stopped,
      phase: transition.phase,
      detail: transition.detail ?? row.detail,
      computePoolId: transition.computePoolId,
      principal: transition.principal,
      dispatched: transition.dispatched,
      ...(transition.phase === 'STOPPED' ? { endTime: now, cfu: 0 } : {}),
      // A resumed statement starts a new run; its stopped offsets stay until the engine reports new ones.
      // Its admission latency counts from this commit.
      ...(resume ? { endTime: null, pendingSince: now } : {}),
    });
    if (!applied) return false;
    if (transition.command) {
      const payload = { version: 1 as const, environmentId: row.environmentId, name: row.name };
      await enqueueCommand(
        tx,
        row.organizationId,
        transition.command === 'DeleteStatement'
          ? { command: transition.command, subjectId: row.uid, payload }
          : {
              command: transition.command,
              subjectId: row.uid,
              payload: { ...payload, resourceVersion: resourceVersion + 1, resume },
            },
      );
    }
    return true;
  }

  /**
   * Stops every statement of a pool that is being deleted: they stay, stopped, to be resumed on
   * another pool. The caller holds the pool's row lock, so no statement joins the pool meanwhile.
   */
  async stopAllOnPool(tx: Tx, organizationId: string, computePoolId: string): Promise<void> {
    for (const row of await this.statements.lockActiveOnPool(tx, organizationId, computePoolId)) {
      const transition = decideUpdate(row, { stopped: true });
      if (isRejection(transition)) continue;
      transition.detail = `Stopped because compute pool ${computePoolId} was deleted; resume it on another pool.`;
      await this.apply(tx, row, transition, row.resourceVersion);
    }
  }
}

import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import {
  ComputePoolsRepository,
  enqueueCommand,
  isUniqueViolation,
  StatementsRepository,
  type ColumnMatch,
  type ComputePool,
  type NewStatement,
  type StatementPage,
  type Statement,
  type StatementChanges,
  type Tx,
} from '#db';
import type { OutboxCommand } from '#contracts';
import {
  decideDelete,
  decideStatementPatch,
  decideUpdate,
  StatementPatchError,
  type StatementEdit,
  type StatementUpdate,
  isRejection,
  LabelSelectorError,
  newUid,
  newStatementTransactionalIdPrefix,
  parseLabelSelector,
  pendingDetail,
  flinkRegionId,
  initialOffsetSource,
  type Visibility,
} from '#domain';
import { visibilityFilters } from '../auth/visibility';
import { Urls } from '../common/urls';
import type { Caller } from '../auth/caller';
import { ApiError } from '../common/api-error';
import { finishPage, pageArgs, pageRequest } from '../common/pagination';
import type { BodyOf, PathOf, QueryOf } from '../openapi/operation.decorator';
import { ComputePoolsService } from '../compute-pools/compute-pools.service';
import { EnvironmentsService } from '../environments/environments.service';
import { RegionCatalog } from '../regions/region-catalog';
import { StatementCommands } from './statement-commands';
import { statementView } from './statement.view';
import { Principals } from '../iam/principals';
import { InitialOffsetSource } from './initial-offset-source';

export type StatementPath = PathOf<'listStatements'>;
export type StatementListQuery = QueryOf<'listStatements'>;
// The schemas require these through allOf, which the generated types do not carry over.
export type StatementCreateBody = BodyOf<'createStatement'> & { spec: { statement: string } };
export type StatementUpdateBody = BodyOf<'updateStatement'> & { spec: { stopped: boolean } };
export type StatementPatchBody = BodyOf<'patchStatement'>;

/** A change of a statement: lifecycle (as in StatementUpdate), labels and baseline CFUs (undefined = unchanged). */
export interface StatementEditRequest extends StatementUpdate {
  labels?: Record<string, string>;
  baselineCfu?: number | null;
}

@Injectable()
export class StatementsService {
  constructor(
    private readonly principals: Principals,
    private readonly rows: StatementsRepository,
    private readonly environments: EnvironmentsService,
    private readonly pools: ComputePoolsService,
    private readonly poolRows: ComputePoolsRepository,
    private readonly regions: RegionCatalog,
    private readonly commands: StatementCommands,
    private readonly urls: Urls,
    private readonly offsetSource: InitialOffsetSource,
  ) {}

  /** The environment's statements, or only those on pools the caller's pool-scoped roles cover. */
  async list(caller: Caller, path: StatementPath, query: StatementListQuery, listUrl: string, visible: Visibility) {
    if (path.organization_id !== caller.organizationId) throw ApiError.notFound('Organization', path.organization_id);
    let labels: StatementPage['labels'];
    if (query.label_selector) {
      try {
        labels = parseLabelSelector(query.label_selector);
      } catch (e) {
        if (e instanceof LabelSelectorError) throw ApiError.badRequest(e.message, { parameter: 'label_selector' });
        throw e;
      }
    }
    const only = visibilityFilters<ColumnMatch>(
      visible,
      this.urls.crn.environment(caller.organizationId, path.environment_id),
      {
        'flink-region': (value, prefix) => ({ column: 'flinkRegion', value, prefix }),
        'compute-pool': (value, prefix) => ({ column: 'computePoolId', value, prefix }),
      },
      'compute-pool',
    );
    const filters = { 'spec.compute_pool_id': query['spec.compute_pool_id'], label_selector: query.label_selector };
    const page = pageRequest(query, `statements:${path.environment_id}:${JSON.stringify(filters)}`);
    const rows = await this.rows.list(caller.organizationId, path.environment_id, {
      computePoolId: query['spec.compute_pool_id'],
      labels,
      visibleIn: only?.map((scope) => scope.AND),
      afterSeq: page.cursor?.after,
      take: pageArgs(page).take,
    });
    // A statement found proves its environment exists (foreign key); only an empty page needs the lookup.
    if (rows.length === 0) await this.environment(caller, path);
    return finishPage(rows, page, listUrl, filters);
  }

  async get(caller: Caller, path: StatementPath, name: string): Promise<Statement> {
    if (path.organization_id !== caller.organizationId) throw ApiError.notFound('Organization', path.organization_id);
    // One query on the hot path; the environment is looked up only to explain a miss.
    const row = await this.rows.find(caller.organizationId, path.environment_id, name);
    if (!row) {
      await this.environment(caller, path);
      throw ApiError.notFound('Statement', name);
    }
    return row;
  }

  async create(caller: Caller, path: StatementPath, body: StatementCreateBody): Promise<Statement> {
    const principal = body.spec.principal ?? caller.principalId;
    const env = await this.createChecks(caller, path, body, principal);
    const stopped = body.spec.stopped ?? false;
    const uid = newUid();
    const build = (pool: ComputePool): NewStatement => ({
      uid,
      name: body.name,
      labels: body.metadata?.labels ?? {},
      statement: body.spec.statement,
      properties: body.spec.properties ?? {},
      computePoolId: pool.id,
      flinkRegion: flinkRegionId(pool.cloud, pool.region),
      principal,
      transactionalIdPrefix: newStatementTransactionalIdPrefix(principal, uid),
      stopped,
      baselineCfu: body.spec.scaling?.baseline_cfu ?? null,
      phase: stopped ? 'STOPPED' : 'PENDING',
      pendingSince: stopped ? null : new Date(),
      detail: stopped ? 'Created stopped; set spec.stopped to false to start it.' : pendingDetail(pool.id),
    });
    const start = (row: Statement): OutboxCommand | null =>
      row.stopped
        ? null
        : {
            command: 'StartStatement',
            subjectId: row.uid,
            payload: { version: 1, environmentId: env.id, name: row.name, resourceVersion: 1, resume: false },
          };
    try {
      // A named pool is locked and the statement written in one prepared-SQL transaction (the hot
      // path); the default pool may have to be created first, which stays with Prisma.
      if (body.spec.compute_pool_id) {
        const row = await this.rows.createOnPool(
          caller.organizationId,
          env.id,
          body.spec.compute_pool_id,
          build,
          start,
        );
        if (row) return row;
        // The pool's lookup is scoped to the environment: explain the miss by the environment first.
        await this.environment(caller, path);
        return this.missingPool(env.id, body.spec.compute_pool_id);
      }
      return await this.rows.transaction(async (tx) => {
        const fields = build(await this.defaultPool(tx, caller, env.id));
        const row = await this.rows.create(tx, caller.organizationId, env.id, fields);
        const command = start(row);
        if (command) await enqueueCommand(tx, caller.organizationId, command);
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw ApiError.conflict(
          `A statement named "${body.name}" already exists in environment ${env.id}; names are unique per environment until the statement is deleted.`,
          'resource_already_exists',
          { pointer: '/name' },
        );
      }
      throw e;
    }
  }

  /** Stop or resume (PUT). */
  async update(caller: Caller, path: StatementPath, name: string, body: StatementUpdateBody): Promise<void> {
    if (body.name !== name) {
      throw ApiError.badRequest(`name "${body.name}" does not match the statement "${name}" in the path.`, {
        pointer: '/name',
      });
    }
    this.assertSameScope(path, body);
    const current = await this.get(caller, path, name);
    this.assertVersion(current, body.metadata.resource_version);
    if (body.spec.statement !== undefined && body.spec.statement !== current.statement) {
      throw ApiError.unprocessable('spec.statement is immutable; create a new statement to run different SQL.', {
        pointer: '/spec/statement',
      });
    }
    if (body.spec.properties !== undefined && !isDeepStrictEqual(body.spec.properties, current.properties)) {
      throw ApiError.unprocessable('spec.properties are immutable; create a new statement to change them.', {
        pointer: '/spec/properties',
      });
    }
    const applied = await this.applyEdit(caller, current, {
      stopped: body.spec.stopped,
      computePoolId: body.spec.compute_pool_id,
      principal: body.spec.principal,
      labels: body.metadata.labels,
      baselineCfu: body.spec.scaling === undefined ? undefined : (body.spec.scaling.baseline_cfu ?? null),
    });
    if (!applied) throw this.staleVersion(body.metadata.resource_version);
  }

  /**
   * Applies a stop, resume, or change of labels or baseline CFUs to `current` if it is still at
   * its version; false when a concurrent writer got there first. Omitted fields stay as they are.
   */
  async applyEdit(caller: Caller, current: Statement, edit: StatementEditRequest): Promise<boolean> {
    const extra: StatementChanges = {};
    if (edit.labels !== undefined && !isDeepStrictEqual(edit.labels, current.labels)) extra.labels = edit.labels;
    if (edit.baselineCfu !== undefined && edit.baselineCfu !== current.baselineCfu)
      extra.baselineCfu = edit.baselineCfu;
    const transition = decideUpdate(current, edit);
    if (isRejection(transition)) {
      throw new ApiError(transition.status, [
        {
          code: transition.status === 409 ? 'conflict' : 'invalid_update',
          detail: transition.detail,
          source: { pointer: transition.pointer },
        },
      ]);
    }
    if (transition.kind === 'noop' && Object.keys(extra).length === 0) return true;
    // A resume runs as its principal, which must still exist (it may have been deleted meanwhile).
    if (transition.kind === 'resume' || transition.principal !== current.principal) {
      await this.principals.assert(caller.organizationId, transition.principal, { pointer: '/spec/principal' });
    }
    return this.rows.transaction(async (tx) => {
      if (transition.kind === 'resume') {
        const pool = await this.lockPool(tx, caller.organizationId, current.environmentId, transition.computePoolId);
        const region = flinkRegionId(pool.cloud, pool.region);
        if (region !== current.flinkRegion) {
          throw ApiError.unprocessable(
            `Compute pool ${pool.id} is in ${region}; the statement can only move to a pool in ${current.flinkRegion}.`,
            { pointer: '/spec/compute_pool_id' },
          );
        }
      }
      if (transition.kind === 'noop') {
        const changes = { ...extra, resourceVersion: { increment: 1 } };
        return this.rows.updateAtVersion(tx, caller.organizationId, current.uid, current.resourceVersion, changes);
      }
      const resume = transition.kind === 'resume';
      return this.commands.apply(tx, current, transition, current.resourceVersion, resume, extra);
    });
  }

  /**
   * JSON Patch (PATCH): decided on the statement as GET shows it and applied as a PUT is; a
   * concurrent change makes it start over on the new version (a TEST op is how a client pins one).
   */
  async patch(caller: Caller, path: StatementPath, name: string, operations: StatementPatchBody): Promise<Statement> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(caller, path, name);
      let edit: StatementEdit;
      try {
        edit = decideStatementPatch(statementView(current, this.urls), operations);
      } catch (e) {
        if (!(e instanceof StatementPatchError)) throw e;
        const code = e.status === 409 ? 'conflict' : 'invalid_patch';
        throw new ApiError(e.status, [{ code, detail: e.message, source: { pointer: e.pointer } }]);
      }
      if (await this.applyEdit(caller, current, edit)) return this.get(caller, path, name);
      if (attempt === 3) throw ApiError.conflict('The statement kept changing while the patch was applied; retry it.');
    }
  }

  async delete(caller: Caller, path: StatementPath, name: string): Promise<void> {
    const current = await this.get(caller, path, name);
    const decision = decideDelete({
      ...current,
      hasJob: current.flinkJobId !== null || current.startJobId !== null,
    });
    await this.rows.transaction(async (tx) => {
      // Removed only if still as read: a start claimed meanwhile hands the delete to the engine.
      if (decision.removeNow && (await this.rows.removeIfUnchanged(tx, caller.organizationId, current))) return;
      const marked = await this.rows.update(tx, caller.organizationId, current.uid, {
        phase: 'DELETING',
        detail: 'Deleting: cancelling the job.',
        resourceVersion: { increment: 1 },
      });
      if (!marked) throw ApiError.notFound('Statement', name);
      await enqueueCommand(tx, caller.organizationId, {
        command: 'DeleteStatement',
        subjectId: current.uid,
        payload: { version: 1, environmentId: current.environmentId, name: current.name },
      });
    });
  }

  /**
   * What a create must check before writing, errors in this order: the environment (404), the
   * body's scope (400), the principal (422), the offset source (422). The hot case (a named
   * pool, the caller's own principal, no offset source) needs no query here: the pool's lock
   * in the environment proves the environment exists, and the caller's principal owns its key.
   */
  private async createChecks(
    caller: Caller,
    path: StatementPath,
    body: StatementCreateBody,
    principal: string,
  ): Promise<{ id: string }> {
    const offsetSource = initialOffsetSource(body.spec.properties) !== undefined;
    if (body.spec.compute_pool_id && principal === caller.principalId && !offsetSource) {
      if (path.organization_id !== caller.organizationId) throw ApiError.notFound('Organization', path.organization_id);
      this.assertSameScope(path, body);
      return { id: path.environment_id };
    }
    // Both lookups at once, their errors in the order they were checked one after the other.
    const [found, known] = await Promise.allSettled([
      this.environment(caller, path),
      this.principals.assert(caller.organizationId, principal, { pointer: '/spec/principal' }),
    ]);
    if (found.status === 'rejected') throw found.reason;
    this.assertSameScope(path, body);
    if (known.status === 'rejected') throw known.reason;
    const env = found.value;
    await this.offsetSource.assert(caller, env.id, body.name, body.spec.properties);
    return env;
  }

  private async environment(caller: Caller, path: StatementPath) {
    // Another organization's id in the path is indistinguishable from an unknown one.
    if (path.organization_id !== caller.organizationId) throw ApiError.notFound('Organization', path.organization_id);
    return this.environments.get(caller, path.environment_id);
  }

  private assertSameScope(path: StatementPath, body: { organization_id?: string; environment_id?: string }) {
    if (body.organization_id !== undefined && body.organization_id !== path.organization_id) {
      throw ApiError.badRequest('organization_id must match the organization in the path.', {
        pointer: '/organization_id',
      });
    }
    if (body.environment_id !== undefined && body.environment_id !== path.environment_id) {
      throw ApiError.badRequest('environment_id must match the environment in the path.', {
        pointer: '/environment_id',
      });
    }
  }

  private assertVersion(current: Statement, sent: string) {
    if (sent !== String(current.resourceVersion)) throw this.staleVersion(sent);
  }

  private staleVersion(sent: string): ApiError {
    return ApiError.conflict(
      `metadata.resource_version "${sent}" is not the statement's current version; GET the statement, re-apply your change and retry.`,
      'conflict',
      { pointer: '/metadata/resource_version' },
    );
  }

  /** The pool, share-locked so it cannot be deleted before this transaction commits. */
  private async lockPool(tx: Tx, organizationId: string, environmentId: string, poolId: string): Promise<ComputePool> {
    return (
      (await this.poolRows.lockShared(tx, organizationId, environmentId, poolId)) ??
      this.missingPool(environmentId, poolId)
    );
  }

  private missingPool(environmentId: string, poolId: string): never {
    throw ApiError.unprocessable(`Compute pool "${poolId}" does not exist in environment ${environmentId}.`, {
      pointer: '/spec/compute_pool_id',
    });
  }

  private async defaultPool(tx: Tx, caller: Caller, environmentId: string): Promise<ComputePool> {
    if (this.regions.regions.length !== 1) {
      throw ApiError.unprocessable(
        'spec.compute_pool_id is required: this deployment serves several regions, so no default pool can be chosen.',
        { pointer: '/spec/compute_pool_id' },
      );
    }
    return this.pools.defaultPool(tx, caller.organizationId, environmentId, this.regions.regions[0]);
  }
}

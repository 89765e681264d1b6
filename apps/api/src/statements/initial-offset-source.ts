import { Injectable } from '@nestjs/common';
import { StatementsRepository } from '#db';
import { authorize, INITIAL_OFFSET_FROM, initialOffsetSource } from '#domain';
import type { Caller } from '../auth/caller';
import { Policy } from '../auth/policy';
import { ApiError } from '../common/api-error';
import { Urls } from '../common/urls';

/**
 * Checks `sql.tables.initial-offset-from` when a statement is created: it must name another
 * statement of the same environment that the caller may read (a statement it may not read answers
 * like a missing one). The offsets themselves are taken when the statement starts.
 */
@Injectable()
export class InitialOffsetSource {
  constructor(
    private readonly rows: StatementsRepository,
    private readonly policy: Policy,
    private readonly urls: Urls,
  ) {}

  async assert(caller: Caller, environmentId: string, name: string, properties: unknown): Promise<void> {
    const source = initialOffsetSource(properties);
    if (source === undefined) return;
    const pointer = { pointer: `/spec/properties/${INITIAL_OFFSET_FROM}` };
    if (source === name) {
      throw ApiError.unprocessable(
        `${INITIAL_OFFSET_FROM} names the statement itself; name the statement whose offsets this one continues from.`,
        pointer,
      );
    }
    const row = await this.rows.find(caller.organizationId, environmentId, source);
    const visible =
      row &&
      authorize(
        this.policy.subject(caller),
        'getStatement',
        this.urls.crn.computePool(caller.organizationId, environmentId, row.flinkRegion, row.computePoolId),
      ).allowed;
    if (!visible) {
      throw ApiError.unprocessable(
        `${INITIAL_OFFSET_FROM} names statement "${source}", which does not exist in environment ${environmentId} (or you may not read it); name a statement of this environment.`,
        pointer,
      );
    }
  }
}

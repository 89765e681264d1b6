import { Inject, Injectable } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { RoleBindingsRepository, type RoleBinding, type Tx } from '#db';
import { bindingScopeProblem, CrnParseError, parseCrnPattern, patternsOverlap, type CrnPattern } from '#domain';
import type { Caller } from '../../auth/caller';
import { ApiError, type ErrorSource } from '../../common/api-error';
import { finishPage, pageRequest } from '../../common/pagination';
import { withUniqueId } from '../../common/unique-id';
import { Urls } from '../../common/urls';
import { OrganizationLockout } from '../organization-lockout';
import { Principals } from '../principals';
import type { BodyOf, QueryOf } from '../../openapi/operation.decorator';

export type RoleBindingListQuery = QueryOf<'listRoleBindings'>;
export type RoleBindingCreate = BodyOf<'createRoleBinding'>;

/** Rows read per query while filtering a list page by pattern overlap. */
const SCAN_BATCH = 500;

/** Role bindings are immutable: created, read, listed and deleted. */
@Injectable()
export class RoleBindingsService {
  constructor(
    private readonly bindings: RoleBindingsRepository,
    private readonly principals: Principals,
    private readonly lockout: OrganizationLockout,
    private readonly urls: Urls,
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
  ) {}

  /** Bindings whose pattern lies at, above or below `crn_pattern` (Confluent's partial match). */
  async list(caller: Caller, query: RoleBindingListQuery) {
    const wanted = this.pattern(query.crn_pattern, { parameter: 'crn_pattern' });
    const filters = { crn_pattern: query.crn_pattern, principal: query.principal, role_name: query.role_name };
    const page = pageRequest(query, `role-bindings:${caller.organizationId}:${JSON.stringify(filters)}`);
    // Overlap is not expressible in SQL: scan the organization's bindings in seq order.
    const matched: RoleBinding[] = [];
    let after = page.cursor?.after ?? -1n;
    for (;;) {
      const where = {
        seq: { gt: after },
        ...(query.principal ? { principal: query.principal } : {}),
        ...(query.role_name ? { roleName: query.role_name } : {}),
      };
      const batch = await this.bindings.list(caller.organizationId, where, SCAN_BATCH);
      matched.push(...batch.filter((rb) => this.overlaps(rb, wanted)));
      if (batch.length < SCAN_BATCH || matched.length > page.size) break;
      after = batch[batch.length - 1].seq;
    }
    return finishPage(matched.slice(0, page.size + 1), page, this.urls.iam('role-bindings'), filters);
  }

  async get(caller: Caller, id: string): Promise<RoleBinding> {
    const rb = await this.bindings.find(caller.organizationId, id);
    if (!rb) throw ApiError.notFound('Role binding', id);
    return rb;
  }

  async create(caller: Caller, body: RoleBindingCreate): Promise<RoleBinding> {
    const pattern = this.pattern(body.crn_pattern, { pointer: '/crn_pattern' });
    const org = pattern.segments[0];
    if (
      org.type !== 'organization' ||
      org.id !== caller.organizationId ||
      (pattern.segments.length === 1 && pattern.prefix)
    ) {
      throw ApiError.unprocessable(
        `crn_pattern must name your organization (${this.urls.crn.organization(caller.organizationId)}) or something in it.`,
        { pointer: '/crn_pattern' },
      );
    }
    const scopeProblem = bindingScopeProblem(body.role_name, pattern);
    if (scopeProblem) throw ApiError.unprocessable(scopeProblem, { pointer: '/crn_pattern' });
    await this.principals.assert(caller.organizationId, body.principal.slice('User:'.length), {
      pointer: '/principal',
    });
    return withUniqueId('roleBinding', (id) =>
      this.bindings.create(caller.organizationId, id, {
        principal: body.principal,
        roleName: body.role_name,
        crnPattern: body.crn_pattern,
      }),
    );
  }

  /**
   * Deletes the binding and returns it, as Confluent does (200 with the deleted binding). The
   * OrganizationAdmin binding of the last administrator with a Cloud API key stays (409).
   */
  async delete(caller: Caller, id: string): Promise<RoleBinding> {
    const rb = await this.get(caller, id);
    const remove = (tx?: Tx) => this.bindings.delete(caller.organizationId, id, tx);
    if (rb.roleName !== 'OrganizationAdmin') {
      await remove();
    } else {
      const organization = { id: caller.organizationId, crn: this.urls.crn.organization(caller.organizationId) };
      await this.lockout.withoutLockout(
        organization,
        `role binding ${id} (OrganizationAdmin of ${rb.principal})`,
        remove,
      );
    }
    return rb;
  }

  private pattern(value: string, source: ErrorSource): CrnPattern {
    let pattern: CrnPattern;
    try {
      pattern = parseCrnPattern(value);
    } catch (e) {
      if (e instanceof CrnParseError) throw ApiError.badRequest(e.message, source);
      throw e;
    }
    if (pattern.authority !== this.config.crnAuthority) {
      throw ApiError.badRequest(`CRNs here use the authority ${this.config.crnAuthority}.`, source);
    }
    return pattern;
  }

  private overlaps(rb: RoleBinding, wanted: CrnPattern): boolean {
    try {
      return patternsOverlap(parseCrnPattern(rb.crnPattern), wanted);
    } catch {
      return false;
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { OperationId } from '../openapi/operation.decorator';
import type { Caller } from './caller';

export type Decision = { allowed: true } | { allowed: false; reason: string };

/**
 * The single authorization hook every authenticated operation passes through (PolicyGuard).
 * Today every authenticated principal administers its own organization; tenancy itself is
 * enforced by scoping every query to the caller's organization, so other organizations'
 * resources are 404. Role bindings plug in here.
 */
@Injectable()
export class Policy {
  authorize(_caller: Caller, _operation: OperationId): Decision {
    return { allowed: true };
  }
}

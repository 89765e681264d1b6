import { SetMetadata } from '@nestjs/common';
import type { operations } from '#client';

export const OPERATION_KEY = 'cflink:operation';

export type OperationId = keyof operations;

/**
 * Binds a handler to its operation in openapi/openapi.yaml. The request is validated against
 * that operation, the policy is asked about it, and the route must match the document (checked
 * at startup), so no handler can bypass the contract.
 */
export const Operation = (operationId: OperationId) => SetMetadata(OPERATION_KEY, operationId);

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

/** Wire types of an operation, generated from the document: never written twice. */
export type PathOf<Op extends OperationId> = operations[Op]['parameters']['path'];
export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;
export type BodyOf<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : operations[Op] extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body
    : never;

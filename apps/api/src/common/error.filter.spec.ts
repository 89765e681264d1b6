import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Prisma } from '#db';
import { toApiError } from './error.filter';

describe('toApiError', () => {
  it('answers a database that cannot start a transaction in time with 503 and a retry', () => {
    const busy = new Prisma.PrismaClientKnownRequestError(
      'Transaction API error: Unable to start a transaction in the given time.',
      { code: 'P2028', clientVersion: 'test' },
    );
    const error = toApiError(busy);
    assert.equal(error.status, 503);
    assert.equal(error.items[0].code, 'service_unavailable');
    assert.equal(error.headers['Retry-After'], '1');
  });

  it('keeps other database errors a logged 500', () => {
    const other = new Prisma.PrismaClientKnownRequestError('Foreign key constraint failed', {
      code: 'P2003',
      clientVersion: 'test',
    });
    assert.equal(toApiError(other).status, 500);
  });
});

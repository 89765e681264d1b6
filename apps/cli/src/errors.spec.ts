import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiError, describeFailure, EXIT } from './errors';

test('a Failure body shows each error with its detail and source', () => {
  const body = {
    errors: [
      {
        status: '400',
        title: 'Bad Request',
        detail: 'max_cfu must be one of 5, 10',
        source: { pointer: '/spec/max_cfu' },
      },
      { status: '400', title: 'Bad Request' },
    ],
  };
  assert.equal(
    describeFailure(400, body),
    '400 Bad Request: max_cfu must be one of 5, 10 (at /spec/max_cfu)\n400 Bad Request',
  );
});

test('a body that is not a Failure still says the status', () => {
  assert.equal(describeFailure(502, 'upstream down'), 'HTTP 502: upstream down');
  assert.equal(describeFailure(500, undefined), 'HTTP 500');
});

test('404 maps to the not-found exit code, other statuses to the API one', () => {
  assert.equal(apiError(404, {}).exitCode, EXIT.NOT_FOUND);
  assert.equal(apiError(409, {}).exitCode, EXIT.API);
  assert.equal(apiError(500, {}).exitCode, EXIT.API);
});

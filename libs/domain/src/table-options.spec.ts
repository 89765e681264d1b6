import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidUserOption } from './table-options';

describe('invalidUserOption', () => {
  it('accepts table options and rejects the engine ones', () => {
    assert.equal(
      invalidUserOption({ 'changelog.mode': 'append', 'value.format': 'json', 'json.ignore-parse-errors': 'true' }),
      null,
    );
    assert.match(invalidUserOption({ connector: 'filesystem' }) ?? '', /'connector' cannot be set/);
    assert.match(invalidUserOption({ 'properties.bootstrap.servers': 'x' }) ?? '', /Remove it/);
    assert.match(invalidUserOption({ 'value.format': 'avro' }) ?? '', /not supported/);
  });
});

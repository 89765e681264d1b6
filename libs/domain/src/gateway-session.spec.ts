import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatewaySessionLost } from './gateway-session';

describe('gatewaySessionLost', () => {
  it('recognises a session or operation the gateway no longer has', () => {
    assert.equal(gatewaySessionLost("SqlGatewayException: Session 'c162e020-e27a' does not exist."), true);
    assert.equal(
      gatewaySessionLost(
        'SqlGatewayException: Can not find the submitted operation in the OperationManager with the 3f9d.',
      ),
      true,
    );
  });

  it('leaves other gateway errors alone', () => {
    assert.equal(gatewaySessionLost('Expecting token to be 4 or 3, but found 1.'), false);
    assert.equal(gatewaySessionLost('engine unreachable at http://127.0.0.1:8083: fetch failed'), false);
  });
});

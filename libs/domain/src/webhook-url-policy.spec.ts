import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressProblem, classifyAddress, webhookUrlProblem } from './webhook-url-policy';

const strict = { allowHttp: false, allowPrivateNetworks: false };
const open = { allowHttp: true, allowPrivateNetworks: true };

describe('webhook URL policy', () => {
  it('classifies IPv4 and IPv6 addresses', () => {
    assert.equal(classifyAddress('8.8.8.8'), 'public');
    assert.equal(classifyAddress('127.0.0.1'), 'loopback');
    assert.equal(classifyAddress('10.1.2.3'), 'private');
    assert.equal(classifyAddress('172.16.0.1'), 'private');
    assert.equal(classifyAddress('172.32.0.1'), 'public');
    assert.equal(classifyAddress('192.168.1.1'), 'private');
    assert.equal(classifyAddress('169.254.1.1'), 'link-local');
    assert.equal(classifyAddress('169.254.169.254'), 'metadata');
    assert.equal(classifyAddress('0.0.0.0'), 'reserved');
    assert.equal(classifyAddress('::1'), 'loopback');
    assert.equal(classifyAddress('::'), 'reserved');
    assert.equal(classifyAddress('::ffff:127.0.0.1'), 'loopback');
    assert.equal(classifyAddress('::ffff:a9fe:a9fe'), 'metadata');
    assert.equal(classifyAddress('fd00:ec2::254'), 'metadata');
    assert.equal(classifyAddress('fc00::1'), 'private');
    assert.equal(classifyAddress('fe80::1%eth0'), 'link-local');
    assert.equal(classifyAddress('2606:4700::1111'), 'public');
    assert.equal(classifyAddress('example.com'), null);
  });

  it('refuses non-public addresses unless allowed, metadata always', () => {
    assert.equal(addressProblem('93.184.216.34', strict), null);
    assert.match(addressProblem('127.0.0.1', strict)!, /loopback.*CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
    assert.equal(addressProblem('127.0.0.1', open), null);
    assert.equal(addressProblem('10.0.0.1', open), null);
    assert.match(addressProblem('169.254.169.254', open)!, /metadata/);
    assert.match(addressProblem('0.0.0.0', open)!, /reserved/);
  });

  it('checks scheme, credentials and hosts of URLs', () => {
    assert.equal(webhookUrlProblem('https://hooks.example.com/x', strict), null);
    assert.match(webhookUrlProblem('http://hooks.example.com/x', strict)!, /https/);
    assert.equal(webhookUrlProblem('http://hooks.example.com/x', open), null);
    assert.match(webhookUrlProblem('ftp://hooks.example.com/x', open)!, /https/);
    assert.match(webhookUrlProblem('not a url', strict)!, /absolute URL/);
    assert.match(webhookUrlProblem('https://u:p@hooks.example.com/', strict)!, /credentials/);
    assert.match(webhookUrlProblem('https://127.0.0.1/x', strict)!, /loopback/);
    assert.match(webhookUrlProblem('https://[::1]:8443/x', strict)!, /loopback/);
    assert.match(webhookUrlProblem('https://localhost/x', strict)!, /local machine/);
    assert.match(webhookUrlProblem('https://metadata/x', strict)!, /local machine/);
    assert.match(webhookUrlProblem('http://169.254.169.254/latest', open)!, /metadata/);
    assert.equal(webhookUrlProblem('http://127.0.0.1:9000/hook', open), null);
  });
});

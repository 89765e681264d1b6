import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShellCommand, ShellSettings } from './shell-commands';

test('SET, RESET and USE are answered by the shell; other SQL is not', () => {
  assert.deepEqual(parseShellCommand("SET 'sql.local-time-zone' = 'UTC'"), {
    kind: 'set',
    key: 'sql.local-time-zone',
    value: 'UTC',
  });
  assert.deepEqual(parseShellCommand('set'), { kind: 'show-settings' });
  assert.deepEqual(parseShellCommand("RESET 'client.output-format'"), { kind: 'reset', key: 'client.output-format' });
  assert.deepEqual(parseShellCommand('RESET'), { kind: 'reset' });
  assert.deepEqual(parseShellCommand('USE CATALOG `my env`'), { kind: 'use', catalog: 'my env' });
  assert.deepEqual(parseShellCommand('use cluster_0'), { kind: 'use', database: 'cluster_0' });
  assert.deepEqual(parseShellCommand('USE dev.cluster_0'), { kind: 'use', catalog: 'dev', database: 'cluster_0' });
  assert.deepEqual(parseShellCommand('exit'), { kind: 'quit' });
  assert.deepEqual(parseShellCommand('SELECT * FROM t'), { kind: 'sql' });
  assert.deepEqual(parseShellCommand('/* SET */ SELECT 1'), { kind: 'sql' });
});

test('malformed SET and USE say how to write them', () => {
  assert.match((parseShellCommand('SET a = b') as { message: string }).message, /SET 'key' = 'value'/);
  assert.match((parseShellCommand('USE CATALOG a.b') as { message: string }).message, /USE CATALOG <environment>/);
});

test('settings take sql.* and the known client.* keys, each checked', () => {
  const s = new ShellSettings();
  assert.equal(s.set('sql.local-time-zone', 'UTC'), undefined);
  assert.equal(s.set('client.output-format', 'plain'), undefined);
  assert.match(s.set('client.output-format', 'fancy')!, /'standard' or 'plain'/);
  assert.match(s.set('client.colour', 'x')!, /Unknown client key/);
  assert.match(s.set('parallelism.default', '4')!, /Only sql\.\* statement properties/);
  assert.deepEqual(s.properties(), { 'sql.local-time-zone': 'UTC' });
});

test('client.statement-name names one statement only', () => {
  const s = new ShellSettings();
  assert.equal(s.set('client.statement-name', 'q1'), undefined);
  assert.equal(s.takeStatementName(), 'q1');
  assert.equal(s.takeStatementName(), undefined);
  assert.match(s.set('client.statement-name', 'Not OK')!, /lower-case/);
});

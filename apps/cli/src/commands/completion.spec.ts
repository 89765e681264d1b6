import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliContext } from '../context';
import { buildProgram } from '../program';
import { completeWords } from './completion';

const sink = { write: () => true };
const program = buildProgram(
  new CliContext({
    env: { CFLINK_CONFIG: '/nonexistent/config.json' },
    home: '/nonexistent',
    stdout: sink,
    stderr: sink,
    stdin: process.stdin,
  }),
);

test('top-level commands complete from their prefix', () => {
  assert.deepEqual(completeWords(program, ['fl']), ['flink']);
  assert.ok(completeWords(program, ['']).includes('environment'));
  assert.ok(!completeWords(program, ['']).includes('__complete'));
});

test('subcommands follow the words typed so far, aliases included', () => {
  assert.deepEqual(completeWords(program, ['flink', 'statement', 'exception', '']), ['list']);
  assert.deepEqual(completeWords(program, ['env', 'de']), ['delete', 'describe']);
});

test('flags include the command’s own and the global ones; option values are skipped', () => {
  const flags = completeWords(program, ['flink', 'statement', 'create', '--sql', 'SELECT 1', '--']);
  for (const f of ['--sql', '--compute-pool', '--wait', '--output', '--context', '--help'])
    assert.ok(flags.includes(f), f);
  assert.deepEqual(completeWords(program, ['-o', 'json', 'flink', 'compute-pool', 'cr']), ['create']);
});

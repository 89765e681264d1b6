/**
 * Preloaded into every test file's process by scripts/test.sh (`node --test --import`): once the
 * file's tests and hooks are done, a process that a client socket or timer keeps alive exits 2 s
 * later. Used instead of `--test-force-exit`, which can end a file's process before its reporter
 * has handed the parent every result (nodejs/node#64833): the run then reports fewer tests than
 * ran, a failure among them included, and still exits 0. The 2 s leave the reporter time to
 * flush; the timer is unref'd, so a file that ends by itself is not held up.
 */
import { after } from 'node:test';

// Only in a test file's own process: not in the runner's parent, and not in the processes a test
// forks (an engine worker inherits the preload and NODE_TEST_CONTEXT, and must not be ended).
if (process.env.NODE_TEST_CONTEXT && /\.(spec|e2e|suite)\.js$/.test(process.argv[1] ?? '')) {
  after(() => {
    setTimeout(() => process.exit(), 2_000).unref();
  });
}

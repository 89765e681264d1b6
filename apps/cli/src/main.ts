/** The `cflink` executable. */
import { homedir } from 'node:os';
import { run } from './run';

void run(process.argv, {
  // The CLI's settings are its environment variables; they are read here once and passed down.
  // eslint-disable-next-line no-restricted-properties
  env: process.env,
  home: homedir(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
}).then((code) => {
  // plan/apply/destroy set their own exit code (plan: 2 when there are changes).
  process.exitCode = code !== 0 ? code : (process.exitCode ?? 0);
});

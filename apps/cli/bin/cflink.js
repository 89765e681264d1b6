#!/usr/bin/env node
// The `cflink` executable (package.json `bin`): runs the CLI built into dist/ by `npm run build`.
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../../dist/apps/cli/src/main.js');

#!/usr/bin/env node
// Derives code from the OpenAPI document (openapi/openapi.yaml):
//  - libs/client/src/generated/openapi.generated.ts: wire types for the server and the typed client.
// With --check it fails when the committed file differs from what the document produces, and
// lints the document, so code and contract cannot drift apart.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { lintFromString, createConfig } from '@redocly/openapi-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = join(root, 'openapi/openapi.yaml');
const target = join(root, 'libs/client/src/generated/openapi.generated.ts');
const check = process.argv.includes('--check');

const source = await readFile(specPath, 'utf8');

const config = await createConfig({ extends: ['recommended'], rules: { 'operation-4xx-response': 'off' } });
const problems = await lintFromString({ source, absoluteRef: specPath, config });
for (const p of problems) {
  const where = p.location?.[0]?.pointer ?? '';
  console.error(`openapi ${p.severity}: ${p.ruleId}: ${p.message} ${where}`);
}
if (problems.some((p) => p.severity === 'error' || p.severity === 'warn')) {
  console.error('openapi/openapi.yaml does not lint clean');
  process.exit(1);
}

const ast = await openapiTS(new URL(`file://${specPath}`), { alphabetize: false });
const header = '// Generated from openapi/openapi.yaml by scripts/generate.mjs. Do not edit.\n';
const generated = await format(header + astToString(ast), {
  ...(await resolveConfig(target)),
  parser: 'typescript',
});

if (check) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== generated) {
    console.error(`${target} is out of date with openapi/openapi.yaml: run npm run generate`);
    process.exit(1);
  }
  console.log('openapi: lint clean, generated types in step');
} else {
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, generated);
  console.log(`wrote ${target}`);
}

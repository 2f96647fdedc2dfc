#!/usr/bin/env node
// The `wadesk` command: the compiled CLI (dist/, `npm run build`) when it is up to date with src/; the
// TypeScript sources through tsx otherwise (a checkout that was not built, or edited since).
import { serverBuildIsStale } from '../scripts/server-build.mjs';

if (serverBuildIsStale()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  await import('../dist/cli/main.js');
}

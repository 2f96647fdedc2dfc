#!/usr/bin/env node
// The `wadesk` command: runs the TypeScript sources directly through tsx, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

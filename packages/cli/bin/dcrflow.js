#!/usr/bin/env node
// The built entry: run `pnpm --filter dcrflow build` first. From source, run src/bin.ts with
// `node --conditions=@dcrflow/source` instead.
const { runProcess } = await import('../dist/cli.js');
await runProcess();

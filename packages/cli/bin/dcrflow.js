#!/usr/bin/env node
// The built entry: run `pnpm --filter dcrflow build` first. From source, run src/bin.ts with
// `node --conditions=@dcrflow/source` instead.
//
// The Node check comes before any import: dcrflow's dependencies (ky 2 among them) need Node ≥ 22.12, and on an older
// Node they would fail deep inside an import with a stack trace instead of saying what is wrong. Keep this file free
// of static imports and of syntax newer than Node 12, so even an old Node gets this far.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `dcrflow: error [unsupported-node]: Node ${process.versions.node} is too old; dcrflow needs Node 22.12 or newer.\n`,
  );
  // 5 = EXIT_CODES.configuration: the environment needs a human, retrying will not help.
  process.exit(5);
}
const { runProcess } = await import('../dist/cli.js');
await runProcess();

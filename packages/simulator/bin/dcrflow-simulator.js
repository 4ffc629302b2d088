#!/usr/bin/env node
// The Node check comes before any import: the simulator's dependencies need Node ≥ 22.12 and would otherwise fail
// inside an import with a stack trace. No static imports in this file, so the check always runs first.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `dcrflow-simulator: error: Node ${process.versions.node} is too old; the simulator needs Node 22.12 or newer.\n`,
  );
  process.exit(1);
}
await import('../dist/node/cli.js');

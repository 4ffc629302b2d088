import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'dcrflow.js');

/** Runs the published bin on this Node, with `process.versions.node` reporting `version` from before the bin loads. */
function runAs(version: string) {
  const fake = `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });`;
  return spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(fake)}`, bin, '--version'],
    {
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
}

describe('the bin refuses an unsupported Node before importing anything', () => {
  it.each(['20.19.0', '22.11.0', '18.20.8'])('Node %s: one line, exit 5, no stack', (version) => {
    const run = runAs(version);
    expect(run.status).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `dcrflow: error [unsupported-node]: Node ${version} is too old; dcrflow needs Node 22.12 or newer.\n`,
    );
  });

  it.each(['22.12.0', '24.0.0'])('Node %s passes the check', (version) => {
    expect(runAs(version).stderr).not.toContain('unsupported-node');
  });
});

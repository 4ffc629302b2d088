import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../scripts/acceptance.ts', import.meta.url));

describe('acceptance script (public API only, fresh Node process)', () => {
  it('prints the four acceptance facts and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['--conditions=@dcrflow/source', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 30_000,
    });
    expect(stdout).toContain('PASS  cold start: 1 registration + 1 token request');
    expect(stdout).toContain('PASS  warm start: 0 requests');
    expect(stdout).toContain('PASS  1,000 concurrent getAccessToken(): 1 token request, 1 distinct token');
    expect(stdout).toContain('PASS  revocation: state revoked, revoked emitted 1×, fetch → RevokedError');
    expect(stdout).toContain('acceptance: all 4 facts hold');
  });
});

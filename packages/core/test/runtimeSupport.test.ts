// docs/runtime-support.md: the client's default path (plain fetch, decision 0017) calls none of the post-ES2020 APIs
// ky 2 needs, so an engine without them (an old smart-TV browser) runs the whole lifecycle with no polyfill. Only
// `kyFetch` needs them, and says so (protocol/test/kyFetch.test.ts). The browser-level proof is the consumer test.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('registers, gets a token and serves it from memory with none of ky 2’s APIs present', async () => {
  // A fresh process: with the globals deleted inside the test runner's own process, its internals broke instead.
  const { stdout } = await run(
    process.execPath,
    [
      '--conditions=@dcrflow/source',
      '--no-warnings',
      fileURLToPath(new URL('fixtures/clientWithoutKyApis.ts', import.meta.url)),
    ],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 60_000 },
  );
  expect(JSON.parse(stdout.trim())).toEqual({ state: 'tokenValid', cachedIsSame: true, requests: 2, missing: 5 });
});

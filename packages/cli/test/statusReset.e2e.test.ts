import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type RunningSimulator, startSimulator } from '@dcrflow/simulator/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import { readOnlyCache } from './support/readCache.ts';
import { runCli, tempHome } from './support/runCli.ts';

let sim: RunningSimulator;
let home: string;
let cleanup: () => Promise<void>;
let statement: string;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, throttle: false });
  ({ software_statement: statement } = await sim.simulator.mintSoftwareStatement());
  ({ home, cleanup } = await tempHome());
});

afterEach(async () => {
  await sim.close();
  await cleanup();
});

const configDir = () => join(home, '.config', 'dcrflow');
const dcr = () => ({ DCRFLOW_BASE_URL: sim.url, DCRFLOW_SOFTWARE_STATEMENT: statement });

describe('dcrflow status', () => {
  it('shows state, client id and expiry without any secret and without any request', async () => {
    expect((await runCli(home, ['token'], { env: dcr() })).code).toBe(0);
    const cache = await readOnlyCache(configDir());
    const requestsBefore = sim.simulator.stats().requests.total;

    const human = await runCli(home, ['status'], { env: dcr() });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^State {10}tokenValid$/m);
    expect(human.stdout).toContain(`Client ID      ${cache.clientId}`);
    expect(human.stdout).toMatch(/^Client secret {2}‹redacted:[0-9a-f]{4}›$/m);
    expect(human.stdout).toMatch(/^Access token {3}‹redacted:[0-9a-f]{4}› \(bearer\)$/m);
    expect(human.stdout).toMatch(/^Expires {8}\d{4}-\d\d-\d\dT[\d:.]+Z \(in 5h 59m\)$/m);
    expect(human.stdout).toContain(`Store          ${cache.path}`);

    const json = await runCli(home, ['status', '--json'], { env: dcr() });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      state: 'tokenValid',
      baseUrl: sim.url,
      clientId: cache.clientId,
      store: cache.path,
      refreshed: false,
      problem: null,
      token: { tokenType: 'bearer' },
    });
    expect(report.clientSecret).toMatch(/^‹redacted:[0-9a-f]{4}›$/);
    expect(report.token.accessToken).toMatch(/^‹redacted:[0-9a-f]{4}›$/);
    expect(report.token.expiresInSeconds).toBeGreaterThan(21_500);
    expect(report.token.expiresInSeconds).toBeLessThanOrEqual(21_600);
    expect(report.token.refreshAt).toBeLessThan(report.token.expiresAt);

    for (const output of [human.stdout, human.stderr, json.stdout, json.stderr]) {
      expect(output).not.toContain(cache.clientSecret);
      expect(output).not.toContain(cache.accessToken!);
      expect(output).not.toContain(statement);
    }
    expect(sim.simulator.stats().requests.total).toBe(requestsBefore);
  });

  it('says unregistered when nothing is cached, and creates nothing', async () => {
    const run = await runCli(home, ['status', '--json'], { env: dcr() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'unregistered', clientId: null, token: null });
    const human = await runCli(home, ['status'], { env: dcr() });
    expect(human.stdout).toContain('no cached credentials: the next dcrflow token registers a client');
    expect(sim.simulator.stats().requests.total).toBe(0);
    await expect(stat(configDir())).rejects.toThrow('ENOENT');
  });

  it('with --refresh obtains a token first (registering once), then reports', async () => {
    const run = await runCli(home, ['status', '--refresh', '--json'], { env: dcr() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'tokenValid', refreshed: true });
    expect(sim.simulator.stats().registrations.total).toBe(1);
    expect(sim.simulator.stats().tokens.total).toBe(1);
  });

  it('finds the cache by --store alone, and needs a statement or --store otherwise', async () => {
    expect((await runCli(home, ['token'], { env: dcr() })).code).toBe(0);
    const cache = await readOnlyCache(configDir());
    const byStore = await runCli(home, ['status', '--json', '--store', cache.path]);
    expect(byStore.code).toBe(0);
    expect(JSON.parse(byStore.stdout)).toMatchObject({ state: 'tokenValid', clientId: cache.clientId, baseUrl: null });

    const neither = await runCli(home, ['status']);
    expect(neither.code).toBe(5);
    expect(neither.stderr).toContain('No software statement and no --store were given');
  });
});

describe('dcrflow reset', () => {
  it('refuses without --yes when stdin is not a terminal, and keeps the credentials', async () => {
    expect((await runCli(home, ['token'], { env: dcr() })).code).toBe(0);
    const cache = await readOnlyCache(configDir());
    const run = await runCli(home, ['reset'], { env: dcr() });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `dcrflow: error [confirmation_required]: Refusing to delete the cached credentials of client ${cache.clientId} without confirmation: stdin is not a terminal.`,
      'hint: Pass --yes to delete them; users will have to authenticate again.',
    ]);
    expect((await readOnlyCache(configDir())).clientId).toBe(cache.clientId);
  });

  it('deletes with --yes, warns about re-authentication, and the next token registers a new client', async () => {
    expect((await runCli(home, ['token'], { env: dcr() })).code).toBe(0);
    const cache = await readOnlyCache(configDir());

    const run = await runCli(home, ['reset', '--yes', '--json'], { env: dcr() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ deleted: true, clientId: cache.clientId, store: cache.path });
    expect(run.stderr).toContain('users signed in through the old one will have to authenticate again');

    const status = await runCli(home, ['status', '--json'], { env: dcr() });
    expect(JSON.parse(status.stdout).state).toBe('unregistered');
    const again = await runCli(home, ['reset', '-y'], { env: dcr() });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`Nothing to reset: no cached credentials in ${cache.path}.\n`);

    const fresh = await runCli(home, ['token'], { env: dcr() });
    expect(fresh.code).toBe(0);
    // A deliberate reset is not a loss: token registers quietly, without the re-authentication warning.
    expect(fresh.stderr).toBe('');
    expect((await readOnlyCache(configDir())).clientId).not.toBe(cache.clientId);
    expect(sim.simulator.stats().registrations.total).toBe(2);
  });

  it('asks on a terminal and deletes only on yes', async () => {
    expect((await runCli(home, ['token'], { env: dcr() })).code).toBe(0);
    const cache = await readOnlyCache(configDir());
    const ask = async (answer: string) => {
      const stdin = new PassThrough();
      const out: string[] = [];
      const err: string[] = [];
      const pending = main(['reset'], {
        stdout: { write: (text) => out.push(text) },
        stderr: { write: (text) => err.push(text) },
        stdin,
        env: dcr(),
        homedir: home,
        isTTY: { stdin: true, stdout: true, stderr: true },
      });
      stdin.end(answer);
      return { code: await pending, stdout: out.join(''), stderr: err.join('') };
    };

    const no = await ask('n\n');
    expect(no.code).toBe(1);
    expect(no.stderr).toContain(`This deletes the cached credentials of client ${cache.clientId}`);
    expect(no.stderr).toContain('Delete them? [y/N] ');
    expect(no.stderr).toContain('Nothing was deleted.');
    expect((await readOnlyCache(configDir())).clientId).toBe(cache.clientId);

    const eof = await ask('');
    expect(eof.code).toBe(1);

    const yes = await ask('yes\n');
    expect(yes.code).toBe(0);
    expect(yes.stdout).toBe(`Deleted the cached credentials of client ${cache.clientId} (${cache.path}).\n`);
    await expect(readOnlyCache(configDir())).rejects.toThrow('tombstone');
  });
});

import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '@dcrflow/simulator/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialFiles, readOnlyCache } from './support/readCache.ts';
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

describe('dcrflow token', () => {
  it('registers once and requests one token cold, then answers from the cache with zero requests', async () => {
    const cold = await runCli(home, ['token'], { env: dcr() });
    expect(cold.stderr).toBe('');
    expect(cold.code).toBe(0);
    // Only the token and a newline: TOKEN=$(dcrflow token) must work.
    expect(cold.stdout).toMatch(/^[A-Za-z0-9._-]+\n$/);
    let stats = sim.simulator.stats();
    expect(stats.requests.register).toBe(1);
    expect(stats.requests.token).toBe(1);
    expect(stats.registrations.total).toBe(1);
    expect(stats.tokens.total).toBe(1);

    const warm = await runCli(home, ['token'], { env: dcr() });
    expect(warm.code).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    stats = sim.simulator.stats();
    expect(stats.requests.register).toBe(1);
    expect(stats.requests.token).toBe(1);
    console.info(
      `dcrflow token: cold ${stats.registrations.total} registration + ${stats.tokens.total} token request; warm 0 requests`,
    );

    const cache = await readOnlyCache(configDir());
    expect(`${cache.accessToken}\n`).toBe(cold.stdout);
  });

  it('DCRFLOW_DEBUG=1 prints one line per DCR request (through ky hooks) with no secret, and stdout stays the token', async () => {
    const run = await runCli(home, ['token'], { env: { ...dcr(), DCRFLOW_DEBUG: '1' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[A-Za-z0-9._-]+\n$/);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^dcrflow: POST ${sim.url}/o/client/register → 201 in \\d+ ms$`));
    expect(lines[1]).toMatch(new RegExp(`^dcrflow: POST ${sim.url}/o/client/token → 20[01] in \\d+ ms$`));
    const cache = await readOnlyCache(configDir());
    for (const secret of [statement, cache.accessToken ?? '', cache.clientSecret]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(run.stderr).not.toContain(secret);
    }
    // Answered from the cache: no request, so no line.
    const warm = await runCli(home, ['token'], { env: { ...dcr(), DCRFLOW_DEBUG: '1' } });
    expect(warm.stderr).toBe('');
  });

  it('prints {accessToken, tokenType, expiresAt} with --json', async () => {
    const before = Date.now();
    const run = await runCli(home, ['token', '--json'], { env: dcr() });
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['accessToken', 'expiresAt', 'tokenType']);
    expect(parsed.tokenType).toBe('bearer');
    expect(typeof parsed.accessToken).toBe('string');
    // The simulator's default lifetime is 21 600 s; expiresAt is epoch ms on the client's clock.
    expect(parsed.expiresAt).toBeGreaterThan(before + 21_000_000);
    expect(parsed.expiresAt).toBeLessThan(Date.now() + 21_600_001);
  });

  it('caches in ~/.config/dcrflow/credentials with mode 0600 inside a 0700 directory', async () => {
    const run = await runCli(home, ['token'], { env: dcr() });
    expect(run.code).toBe(0);
    const [file] = await credentialFiles(configDir());
    expect(file).toBeDefined();
    expect((await stat(file!)).mode & 0o777).toBe(0o600);
    expect((await stat(join(configDir(), 'credentials'))).mode & 0o777).toBe(0o700);
    // Named readably after the base URL and the statement's software id.
    const softwareId = JSON.parse(Buffer.from(statement.split('.')[1]!, 'base64url').toString()).software_id as string;
    expect(file).toContain(`127.0.0.1_${new URL(sim.url).port}--${softwareId}--`);
  });

  it('keeps one file per base URL and software statement', async () => {
    const other = await sim.simulator.mintSoftwareStatement();
    expect((await runCli(home, ['token'], { env: dcr() })).code).toBe(0);
    const second = await runCli(home, ['token'], {
      env: { ...dcr(), DCRFLOW_SOFTWARE_STATEMENT: other.software_statement },
    });
    expect(second.code).toBe(0);
    const files = await credentialFiles(configDir());
    expect(files).toHaveLength(2);
    expect(files.some((file) => file.includes(other.software_id))).toBe(true);
    expect(sim.simulator.stats().registrations.total).toBe(2);
  });

  it('honours XDG_CONFIG_HOME and --store', async () => {
    const xdg = join(home, 'xdg');
    const viaXdg = await runCli(home, ['token'], { env: { ...dcr(), XDG_CONFIG_HOME: xdg } });
    expect(viaXdg.code).toBe(0);
    expect(await credentialFiles(join(xdg, 'dcrflow'))).toHaveLength(1);
    expect(await credentialFiles(configDir())).toHaveLength(0);

    const store = join(home, 'custom', 'creds.json');
    const viaStore = await runCli(home, ['token', '--store', store], { env: dcr() });
    expect(viaStore.code).toBe(0);
    expect((await stat(store)).mode & 0o777).toBe(0o600);
    // A different file means a different application instance: it registered on its own.
    expect(sim.simulator.stats().registrations.total).toBe(2);
  });

  it('reads the statement from flags, a file, the environment or stdin; a flag beats the environment', async () => {
    const file = join(home, 'statement.jwt');
    await writeFile(file, `${statement}\n`);
    const fromFile = await runCli(home, ['token', '--base-url', sim.url, '--software-statement-file', file]);
    expect(fromFile.code).toBe(0);
    const fromEnvFile = await runCli(home, ['token'], {
      env: { DCRFLOW_BASE_URL: sim.url, DCRFLOW_SOFTWARE_STATEMENT_FILE: file },
    });
    expect(fromEnvFile.stdout).toBe(fromFile.stdout);
    const fromStdin = await runCli(home, ['token', '--base-url', sim.url, '--software-statement-file', '-'], {
      input: statement,
    });
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    // A bogus environment value is ignored when the flag is given.
    const flagWins = await runCli(home, ['token', '--software-statement', statement, '--base-url', sim.url], {
      env: { DCRFLOW_SOFTWARE_STATEMENT: 'not-a-jwt', DCRFLOW_BASE_URL: 'http://127.0.0.1:9' },
    });
    expect(flagWins.code).toBe(0);
    expect(flagWins.stdout).toBe(fromFile.stdout);
    expect(sim.simulator.stats().registrations.total).toBe(1);
  });

  it('refreshes an expired token with the cached credentials, never re-registering', async () => {
    await sim.close();
    sim = await startSimulator({ port: 0, throttle: false, tokenTtlSeconds: 2 });
    ({ software_statement: statement } = await sim.simulator.mintSoftwareStatement());
    const first = await runCli(home, ['token'], { env: dcr() });
    expect(first.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const second = await runCli(home, ['token'], { env: dcr() });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toBe(first.stdout);
    const stats = sim.simulator.stats();
    expect(stats.registrations.total).toBe(1);
    expect(stats.tokens.total).toBe(2);
  });

  it('re-registers when the server forgot the client, and warns that users must authenticate again', async () => {
    await sim.close();
    sim = await startSimulator({ port: 0, throttle: false, tokenTtlSeconds: 2 });
    ({ software_statement: statement } = await sim.simulator.mintSoftwareStatement());
    expect((await runCli(home, ['token'], { env: dcr() })).code).toBe(0);
    const { clientId } = await readOnlyCache(configDir());
    expect(sim.simulator.deleteClient(clientId)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2100));

    const run = await runCli(home, ['token'], { env: dcr() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[A-Za-z0-9._-]+\n$/);
    const fresh = await readOnlyCache(configDir());
    expect(fresh.clientId).not.toBe(clientId);
    expect(run.stderr).toContain(
      `dcrflow: warning: the cached credentials were lost or rejected, so a new client ${fresh.clientId}`,
    );
    expect(run.stderr).toContain('must authenticate again');
    expect(sim.simulator.stats().registrations.total).toBe(2);
  });

  it('leaves no lock or temporary files behind', async () => {
    expect((await runCli(home, ['token'], { env: dcr() })).code).toBe(0);
    const names = await readdir(join(configDir(), 'credentials'));
    expect(names).toHaveLength(1);
  });
});

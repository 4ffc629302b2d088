import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialsFileName } from '../src/config/credentialsFileName.ts';
import { resolveConfigDir } from '../src/config/resolveConfigDir.ts';
import { resolveConnection } from '../src/config/resolveConnection.ts';
import { looksLikeJwt, softwareIdOf } from '../src/config/softwareIdOf.ts';
import { resolveIo } from '../src/resolveIo.ts';

const jwt = (claims: object) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;

describe('resolveConfigDir', () => {
  it('uses an absolute XDG_CONFIG_HOME, else ~/.config, else %APPDATA% on Windows', () => {
    expect(resolveConfigDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/ada', 'linux')).toBe('/x/cfg/dcrflow');
    expect(resolveConfigDir({ XDG_CONFIG_HOME: 'relative/cfg' }, '/home/ada', 'linux')).toBe(
      '/home/ada/.config/dcrflow',
    );
    expect(resolveConfigDir({ XDG_CONFIG_HOME: '' }, '/home/ada', 'darwin')).toBe('/home/ada/.config/dcrflow');
    expect(resolveConfigDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, '/home/ada', 'win32')).toBe(
      join('C:\\Users\\ada\\AppData\\Roaming', 'dcrflow'),
    );
  });
});

describe('credentialsFileName', () => {
  it('is readable, stable, and distinct per base URL and software id', () => {
    const name = credentialsFileName('https://sp.auth.adobe.com', 'app-1');
    expect(name).toMatch(/^sp\.auth\.adobe\.com--app-1--[0-9a-f]{8}\.json$/);
    expect(credentialsFileName('https://sp.auth.adobe.com', 'app-1')).toBe(name);
    expect(credentialsFileName('http://sp.auth.adobe.com', 'app-1')).not.toBe(name);
    expect(credentialsFileName('https://sp.auth.adobe.com', 'app-2')).not.toBe(name);
    expect(credentialsFileName('http://127.0.0.1:4010/base', '../../etc/passwd')).toMatch(
      /^127\.0\.0\.1_4010_base--etc_passwd--[0-9a-f]{8}\.json$/,
    );
  });
});

describe('softwareIdOf / looksLikeJwt', () => {
  it('reads software_id from the payload, or hashes the statement', () => {
    expect(softwareIdOf(jwt({ software_id: 'abc-123' }))).toBe('abc-123');
    expect(softwareIdOf(jwt({ iss: 'x' }))).toMatch(/^statement-[0-9a-f]{16}$/);
    expect(softwareIdOf('a.%%%.c')).toMatch(/^statement-[0-9a-f]{16}$/);
    expect(looksLikeJwt(jwt({}))).toBe(true);
    expect(looksLikeJwt('one.two')).toBe(false);
    expect(looksLikeJwt('a b.c.d')).toBe(false);
  });
});

describe('resolveConnection', () => {
  const io = (env: Record<string, string>) =>
    resolveIo({ stdout: { write: () => {} }, stderr: { write: () => {} }, env, homedir: '/home/ada', cwd: '/work' });
  const statement = jwt({ software_id: 'sw1' });

  it('prefers flags over the environment and normalises the base URL', async () => {
    const connection = await resolveConnection(
      { 'base-url': 'http://127.0.0.1:4010/', 'software-statement': statement },
      io({ DCRFLOW_BASE_URL: 'https://elsewhere.example', DCRFLOW_SOFTWARE_STATEMENT: 'junk' }),
      { requireStatement: true },
    );
    expect(connection).toMatchObject({ baseUrl: 'http://127.0.0.1:4010', baseUrlSource: 'flag', softwareId: 'sw1' });
    expect(connection.storePath).toBe(
      join('/home/ada/.config/dcrflow/credentials', credentialsFileName('http://127.0.0.1:4010', 'sw1')),
    );
  });

  it('defaults to the Adobe production host and resolves --store / DCRFLOW_STORE against the working directory', async () => {
    const fromEnv = await resolveConnection(
      {},
      io({ DCRFLOW_SOFTWARE_STATEMENT: statement, DCRFLOW_STORE: 'c.json' }),
      {
        requireStatement: true,
      },
    );
    expect(fromEnv).toMatchObject({
      baseUrl: 'https://sp.auth.adobe.com',
      baseUrlSource: 'default',
      storePath: '/work/c.json',
      storeSource: 'env',
    });
    const fromFlag = await resolveConnection({ store: '/abs/d.json' }, io({ DCRFLOW_STORE: 'c.json' }), {
      requireStatement: false,
    });
    expect(fromFlag).toMatchObject({ storePath: '/abs/d.json', storeSource: 'flag', softwareStatement: undefined });
  });

  it('rejects base URLs that are not plain http(s) roots', async () => {
    for (const [url, message] of [
      ['ftp://x', 'must use http or https, not ftp'],
      ['https://x/?a=1', 'must not have a query or fragment'],
      ['https://user:pw@x', 'must not contain credentials'],
      ['::', 'is not a valid URL'],
    ] as const) {
      await expect(
        resolveConnection({ 'base-url': url, 'software-statement': statement }, io({}), { requireStatement: true }),
      ).rejects.toThrow(message);
    }
  });
});

// Issue 11 / decision 0015: developer-facing messages sit behind `process.env.NODE_ENV !== 'production'`. This
// bundles the typical browser entry the way an app's production build does (the bench's esbuild settings) and
// checks that none of those messages survives, that a development build keeps them, and that the production build
// still throws the same typed errors with their stable codes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSize } from '../../packages/bench/src/bundle/bundleSize.ts';
import { TYPICAL_ENTRY } from '../../packages/bench/src/bundle/entries.ts';

const root = join(import.meta.dirname, '..', '..');
const GUARD = "process.env.NODE_ENV !== 'production' &&";

/** The literal text of every development-only message, up to its first interpolation (≥ 16 characters). */
function developmentTexts(): string[] {
  const texts: string[] = [];
  for (const pkg of ['protocol', 'core', 'browser']) {
    const dir = join(root, 'packages', pkg, 'src');
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const source = readFileSync(join(dir, file), 'utf8');
      for (const [, quote, body] of source.matchAll(
        /process\.env\.NODE_ENV !== 'production' &&\s*([`'"])((?:\\.|(?!\1).)*)\1/gs,
      )) {
        const text = (quote === '`' ? body!.split('${')[0]! : body!).replace(/\\(.)/g, '$1');
        if (text.length >= 16) texts.push(text);
      }
    }
  }
  return texts;
}

const scratch = mkdtempSync(join(tmpdir(), 'dcrflow-production-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the production build of the typical browser entry', () => {
  it('contains no development-only message text, which the development build keeps', async () => {
    const texts = developmentTexts();
    expect(texts.length).toBeGreaterThan(40);
    const production = (await bundleSize(TYPICAL_ENTRY.source)).code;
    const development = (await bundleSize(TYPICAL_ENTRY.source, { nodeEnv: 'development' })).code;
    expect(production.includes(GUARD) || /process\.env/.test(production)).toBe(false);
    expect(texts.filter((text) => production.includes(text))).toEqual([]);
    // The check can fail: the same texts are in the development build (those on the typical entry's path).
    expect(texts.filter((text) => development.includes(text)).length).toBeGreaterThan(30);
  });

  it('throws the same typed errors with their codes: short configuration messages, full runtime ones', async () => {
    const source = `${TYPICAL_ENTRY.source}
      import { createDcrClient } from '@dcrflow/core';
      import { ConfigurationError, ContractError, processTokenResponse } from '@dcrflow/protocol';
      export { ConfigurationError, ContractError };
      export function thrownBy(run) { try { run(); } catch (error) { return error; } throw new Error('nothing thrown'); }
      export const create = (options) => createDcrClient(options);
      export const processToken = (body) =>
        processTokenResponse({ status: 200, contentType: 'application/json', retryAfter: null, body, bodyTooLarge: false });`;
    const file = join(scratch, 'production.mjs');
    writeFileSync(file, (await bundleSize(source)).code);
    const bundle = await import(pathToFileURL(file).href);
    const store = { get: async () => null, set: async () => ({ ok: true, version: 1 }), delete: async () => undefined };

    const missingBaseUrl = bundle.thrownBy(() => bundle.create({ softwareStatement: 'a.b.c', store }));
    expect(bundle.ConfigurationError.is(missingBaseUrl)).toBe(true);
    expect(missingBaseUrl).toBeInstanceOf(bundle.ConfigurationError);
    expect(missingBaseUrl).toMatchObject({ name: 'ConfigurationError', code: 'configuration' });
    expect(missingBaseUrl.message).toBe('Invalid baseUrl (code "configuration"; a development build says why).');

    const badHeader = bundle.thrownBy(() =>
      bundle.create({ baseUrl: 'https://sp.auth.adobe.com', softwareStatement: 'a.b.c', store, userAgent: 'a\nb' }),
    );
    expect(badHeader).toMatchObject({ code: 'configuration', message: expect.stringMatching(/^Invalid userAgent /) });

    const unknownOption = bundle.thrownBy(() =>
      bundle.create({ baseUrl: 'https://sp.auth.adobe.com', softwareStatement: 'a.b.c', store, storage: {} }),
    );
    expect(unknownOption.message).toBe(
      'Invalid option storage (unknown) (code "configuration"; a development build says why).',
    );

    // Runtime errors describe what happened on the wire in every build.
    const contract = bundle.thrownBy(() => bundle.processToken('{"access_token":""}'));
    expect(bundle.ContractError.is(contract)).toBe(true);
    expect(contract).toMatchObject({
      code: 'contract',
      message:
        'Token response did not match the expected shape: access_token: expected a non-empty string; token_type: expected a string but the field is missing; expires_in: expected a number but the field is missing.',
    });
  });
});

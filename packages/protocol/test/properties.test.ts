import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processRegisterResponse } from '../src/http/processRegisterResponse.ts';
import { processTokenResponse } from '../src/http/processTokenResponse.ts';
import { type ResponseSnapshot, readResponseSnapshot } from '../src/http/readResponseSnapshot.ts';
import {
  ConfigurationError,
  ContractError,
  DcrError,
  type DeviceInfo,
  decodeDeviceInfo,
  encodeDeviceInfo,
  OAUTH_ERROR_CODES,
  OS_FAMILIES,
  OS_NAMES,
  OS_VENDORS,
  PRIMARY_HARDWARE_TYPES,
  ProtocolError,
  parseRetryAfter,
  ServerError,
  ThrottledError,
} from '../src/index.ts';

const RUNS = { seed: 20_250_601, numRuns: 1_000 } as const;
const OUR_ERRORS = new Set(['ProtocolError', 'ServerError', 'ContractError', 'ThrottledError']);

const contentType = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json;charset=UTF-8'), weight: 6 },
  fc.constantFrom(
    'application/json',
    'application/json;charset=UTF-8',
    'APPLICATION/JSON; charset=utf-8',
    'application/problem+json',
    'text/html; charset=utf-8',
    'text/plain',
    '',
  ),
  fc.constant(null),
  fc.string({ maxLength: 40 }),
);

const fieldValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Bodies near the real shapes, so both success and every error branch are exercised. */
const nearMissBody = fc.oneof(
  fc.record(
    {
      access_token: fieldValue,
      token_type: fieldValue,
      expires_in: fieldValue,
      created_at: fieldValue,
      id: fieldValue,
      refresh_token: fieldValue,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      client_id: fieldValue,
      client_secret: fieldValue,
      client_id_issued_at: fieldValue,
      redirect_uris: fieldValue,
      grant_types: fieldValue,
      scopes: fieldValue,
    },
    { requiredKeys: [] },
  ),
  fc.record({ error: fieldValue, error_description: fieldValue }, { requiredKeys: [] }),
  fc.record({ code: fieldValue, action: fieldValue, message: fieldValue, status: fieldValue }, { requiredKeys: [] }),
  fc.record({ error: fc.record({ code: fieldValue }) }),
  fc.record({ items: fc.array(fc.record({ error: fc.record({ code: fieldValue }) }, { requiredKeys: [] })) }),
);

/** Bodies that fit: a token, a registration, an OAuth error, an enhanced error (plus random extra fields). */
const validBody = fc.oneof(
  fc.record({
    access_token: fc.string({ minLength: 1 }),
    token_type: fc.constant('bearer'),
    expires_in: fc.integer({ min: 1 }),
    created_at: fc.oneof(fc.nat(), fc.constant(1_700_000_000), fc.constant(1_700_000_000_000)),
    refresh_token: fc.jsonValue({ maxDepth: 1 }),
  }),
  fc.record(
    {
      client_id: fc.string({ minLength: 1 }),
      client_secret: fc.string({ minLength: 1 }),
      client_id_issued_at: fc.oneof(fc.nat(), fc.constant(null)),
      scopes: fc.array(fc.string()),
      extra: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: ['client_id', 'client_secret'] },
  ),
  fc.record(
    {
      error: fc.oneof(fc.constantFrom(...OAUTH_ERROR_CODES), fc.string({ minLength: 1 })),
      error_description: fieldValue,
    },
    { requiredKeys: ['error'] },
  ),
  fc.record({ code: fc.string({ minLength: 1 }), action: fieldValue, message: fieldValue }, { requiredKeys: ['code'] }),
);

const body = fc.oneof(
  { arbitrary: validBody.map((value) => JSON.stringify(value)), weight: 4 },
  { arbitrary: nearMissBody.map((value) => JSON.stringify(value)), weight: 4 },
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.json().map((text) => text.slice(0, Math.max(0, text.length - 3))),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => new TextDecoder().decode(bytes)),
  fc.constantFrom('', ' ', 'null', '[]', '{}', '<html><body>429</body></html>', '{"error":', '\uFEFF{}'),
);

const retryAfter = fc.oneof(fc.constant(null), fc.nat().map(String), fc.string({ maxLength: 30 }));

// Weighted towards the documented statuses so every branch, success included, is hit often; the full range stays.
const status = fc.oneof(
  { arbitrary: fc.constantFrom(200, 201), weight: 4 },
  { arbitrary: fc.constantFrom(400, 401, 403, 429, 500, 502, 503), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 999 }), weight: 3 },
);

const snapshot = fc.record({
  status,
  contentType,
  retryAfter,
  body,
  bodyTooLarge: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
}) satisfies fc.Arbitrary<ResponseSnapshot>;

function expectOurError(error: unknown): void {
  expect(DcrError.is(error)).toBe(true);
  expect(OUR_ERRORS.has((error as Error).name)).toBe(true);
  expect((error as Error).message).toMatch(/^(Register|Token) (request|response) .+\.$/);
}

describe('response processors never throw anything but our errors', () => {
  it('token: any status × content type × body → a valid TokenGrant or a DcrError', () => {
    fc.assert(
      fc.property(snapshot, (input) => {
        try {
          const grant = processTokenResponse(input);
          expect(input.status).toBeGreaterThanOrEqual(200);
          expect(input.status).toBeLessThanOrEqual(299);
          expect(grant.accessToken.length).toBeGreaterThan(0);
          expect(grant.expiresIn).toBeGreaterThan(0);
          if (grant.createdAt !== undefined) expect(grant.createdAt).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expectOurError(error);
          if (input.status === 429) expect(error).toBeInstanceOf(ThrottledError);
          if (input.status >= 200 && input.status <= 299) expect(error).toBeInstanceOf(ContractError);
        }
      }),
      RUNS,
    );
  });

  it('register: any status × content type × body → valid ClientCredentials or a DcrError', () => {
    fc.assert(
      fc.property(snapshot, (input) => {
        try {
          const credentials = processRegisterResponse(input);
          expect(credentials.clientId.length).toBeGreaterThan(0);
          expect(credentials.clientSecret.length).toBeGreaterThan(0);
        } catch (error) {
          expectOurError(error);
          if (!(input.status >= 200 && input.status <= 299) && input.status !== 429) {
            expect(
              error instanceof ProtocolError || error instanceof ServerError || error instanceof ContractError,
            ).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('through a real Response: status 200-599 × headers × bytes → a result or a DcrError, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: 599 }),
        fc.oneof(fc.constant('application/json'), fc.constant('text/html')),
        fc.oneof(body, fc.uint8Array({ maxLength: 300 })),
        async (status, type, payload) => {
          const nullBody = status === 204 || status === 205 || status === 304;
          const response = new Response(nullBody ? null : payload, { status, headers: { 'content-type': type } });
          const read = await readResponseSnapshot(response);
          for (const process of [processTokenResponse, processRegisterResponse]) {
            try {
              process(read);
            } catch (error) {
              expectOurError(error);
            }
          }
        },
      ),
      RUNS,
    );
  });
});

describe('X-Device-Info codec properties', () => {
  const deviceInfo: fc.Arbitrary<DeviceInfo> = fc.record(
    {
      primaryHardwareType: fc.constantFrom(...PRIMARY_HARDWARE_TYPES),
      model: fc.string(),
      version: fc.string(),
      manufacturer: fc.string({ unit: 'grapheme' }),
      osName: fc.constantFrom(...OS_NAMES),
      osFamily: fc.constantFrom(...OS_FAMILIES),
      osVendor: fc.constantFrom(...OS_VENDORS),
      osVersion: fc.string(),
      displayWidth: fc.oneof(fc.nat(), fc.string()),
      connectionType: fc.string({ unit: 'grapheme' }),
      connectionSecure: fc.boolean(),
    },
    { requiredKeys: ['model', 'version', 'osName', 'osVersion', 'connectionType'] },
  );

  it('decode(encode(x)) equals x for any valid device info, including any Unicode', () => {
    fc.assert(
      fc.property(deviceInfo, (info) => {
        const header = encodeDeviceInfo(info);
        expect(header).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
        expect(decodeDeviceInfo(header)).toEqual(info);
      }),
      RUNS,
    );
  });

  it('decodeDeviceInfo on arbitrary strings → DeviceInfo or ContractError, nothing else', () => {
    const header = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.base64String({ maxLength: 200 }),
      fc.jsonValue().map((value) => btoa(unescape(encodeURIComponent(JSON.stringify(value))))),
      deviceInfo.map((info) => encodeDeviceInfo(info)),
      deviceInfo.map((info) => encodeDeviceInfo(info).replace(/=+$/, '')),
    );
    fc.assert(
      fc.property(header, (value) => {
        try {
          const info = decodeDeviceInfo(value);
          expect(OS_NAMES).toContain(info.osName);
        } catch (error) {
          expect(error).toBeInstanceOf(ContractError);
          expect((error as ContractError).message).toMatch(/^X-Device-Info .+\.$/);
        }
      }),
      RUNS,
    );
  });

  it('encodeDeviceInfo on arbitrary values → a header or ConfigurationError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), deviceInfo), (value) => {
        try {
          expect(typeof encodeDeviceInfo(value as DeviceInfo)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError);
        }
      }),
      RUNS,
    );
  });
});

describe('parseRetryAfter properties', () => {
  it('any string → undefined or a non-negative whole number of seconds', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.nat().map(String),
          fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
        ),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        (value, now) => {
          const seconds = parseRetryAfter(value, now);
          if (seconds !== undefined) {
            expect(Number.isInteger(seconds)).toBe(true);
            expect(seconds).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      RUNS,
    );
  });
});

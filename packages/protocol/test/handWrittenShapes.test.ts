// Decision 0015: the client's path checks wire bodies with hand-written shapes instead of the exported zod schemas.
// These properties pin that both accept the same values and describe a mismatch with the same issues
// (formatIssues over zod's issues), so the errors a client sees are those the schemas would have produced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContractError,
  decodeDeviceInfo,
  deviceInfoSchema,
  encodeDeviceInfo,
  enhancedErrorSchema,
  formatIssues,
  OS_NAMES,
  oauthErrorSchema,
  PRIMARY_HARDWARE_TYPES,
  ProtocolError,
  processRegisterResponse,
  processTokenResponse,
  type ResponseSnapshot,
  readEnhancedError,
  registerResponseSchema,
  tokenResponseSchema,
} from '../src/index.ts';
import { DEVICE_INFO } from './support/replies.ts';

const snapshot = (status: number, value: unknown): ResponseSnapshot => ({
  status,
  contentType: 'application/json',
  retryAfter: null,
  body: JSON.stringify(value),
  bodyTooLarge: false,
});

/**
 * What a value becomes on the wire. A body is compared as the server sends it: JSON has no -0, so `{"status":-0}`
 * arrives as 0 — the zod side once parsed the -0 the generator made, and the property failed on a difference no
 * server can produce.
 */
const onTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Values of every JSON type, plus the edge values the shapes care about. */
const anyValue = fc.oneof(
  fc.constantFrom(null, '', 'x', 0, -1, 1, 1.5, true, false, [], ['a'], [1], {}, 'true', 'Android', 'TV'),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Objects over `keys`, each key absent or holding any value, plus an unknown key now and then. */
const objectOver = (keys: readonly string[]) =>
  fc
    .record(Object.fromEntries([...keys, 'unknown_extra'].map((key) => [key, anyValue])), { requiredKeys: [] })
    .map(onTheWire);
const bodyOver = (keys: readonly string[]) =>
  fc.oneof({ weight: 9, arbitrary: objectOver(keys) }, { weight: 1, arbitrary: anyValue.map(onTheWire) });

/**
 * formatIssues over zod's issues, less one zod quirk: `z.string().check(z.minLength(1))` given an array reports the
 * type and then "Invalid input" for the same path (the length check still runs on the array); the hand-written
 * shape reports the type only.
 */
function zodIssues(issues: Parameters<typeof formatIssues>[0], input: unknown): string[] {
  const formatted = formatIssues(issues, input);
  return formatted.filter(
    (issue, index) =>
      !issue.endsWith(': Invalid input') ||
      !formatted.some((other, at) => at !== index && other.startsWith(issue.slice(0, -'Invalid input'.length))),
  );
}

function issuesOf(run: () => unknown): readonly string[] {
  try {
    run();
    return [];
  } catch (error) {
    expect(ContractError.is(error)).toBe(true);
    return (error as ContractError).issues;
  }
}

// Fixed seed, as every property in the repository: a CI run explores the same cases, and a failure reproduces.
const RUNS = { seed: 20_261_205, numRuns: 600 };

describe('hand-written wire shapes agree with the zod schemas', () => {
  it('register response', () => {
    const keys = ['client_id', 'client_secret', 'client_id_issued_at', 'redirect_uris', 'grant_types', 'scopes'];
    fc.assert(
      fc.property(bodyOver(keys), (body) => {
        const parsed = registerResponseSchema.safeParse(body);
        const expected = parsed.success ? [] : zodIssues(parsed.error.issues, body);
        expect(issuesOf(() => processRegisterResponse(snapshot(201, body)))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('token response', () => {
    const keys = ['access_token', 'token_type', 'expires_in', 'created_at', 'id'];
    fc.assert(
      fc.property(bodyOver(keys), (body) => {
        const parsed = tokenResponseSchema.safeParse(body);
        const expected = parsed.success ? [] : zodIssues(parsed.error.issues, body);
        expect(issuesOf(() => processTokenResponse(snapshot(200, body)))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('OAuth error body (and the ContractError when it is not one)', () => {
    fc.assert(
      fc.property(bodyOver(['error', 'error_description', 'error_uri']), (body) => {
        fc.pre(typeof body === 'object' && body !== null && !Array.isArray(body) && !('code' in body));
        let thrown: unknown;
        try {
          processTokenResponse(snapshot(400, body));
        } catch (error) {
          thrown = error;
        }
        const parsed = oauthErrorSchema.safeParse(body);
        if (parsed.success) {
          expect(thrown).toBeInstanceOf(ProtocolError);
          expect(thrown).toMatchObject({ error: parsed.data.error, description: parsed.data.error_description });
        } else {
          expect((thrown as ContractError).issues).toEqual(zodIssues(parsed.error.issues, body));
        }
      }),
      RUNS,
    );
  });

  it('enhanced error', async () => {
    const keys = ['code', 'action', 'status', 'message', 'details', 'helpUrl', 'trace'];
    await fc.assert(
      fc.asyncProperty(objectOver(keys), async (body) => {
        const response = new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
        const parsed = enhancedErrorSchema.safeParse(body);
        expect(await readEnhancedError(response)).toEqual(parsed.success ? parsed.data : undefined);
      }),
      RUNS,
    );
  });

  it('X-Device-Info, both ways', () => {
    const enums = fc.constantFrom<unknown>(...OS_NAMES, ...PRIMARY_HARDWARE_TYPES, 'BeOS', 'true', 'false', 1920, true);
    const field = fc.oneof(anyValue, enums);
    const info = fc.record(
      Object.fromEntries(
        [...Object.keys(deviceInfoSchema.shape), 'customKey'].map((key) => [
          key,
          fc.oneof({ weight: 3, arbitrary: fc.constant((DEVICE_INFO as Record<string, unknown>)[key]) }, field),
        ]),
      ),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(info, (value) => {
        const parsed = deviceInfoSchema.safeParse(value);
        let header: string | undefined;
        try {
          header = encodeDeviceInfo(value as never);
        } catch (error) {
          expect(parsed.success).toBe(false);
          if (!parsed.success) {
            const issues = zodIssues(parsed.error.issues, value);
            expect((error as Error).message).toBe(`deviceInfo is invalid: ${summarize(issues)}.`);
          }
          return;
        }
        expect(parsed.success).toBe(true);
        expect(header).toBe(Buffer.from(JSON.stringify(parsed.data), 'utf8').toString('base64'));
        expect(decodeDeviceInfo(header)).toEqual(onTheWire(parsed.data));
      }),
      RUNS,
    );
  });
});

function summarize(issues: readonly string[]): string {
  const shown = issues.slice(0, 3).join('; ');
  return issues.length > 3 ? `${shown}; and ${issues.length - 3} more` : shown;
}

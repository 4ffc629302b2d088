// Fuzzing X-Device-Info across the two independent implementations: @dcrflow/protocol's codec (what the client
// sends) and the simulator's validator (the judge, written from the same Adobe appendix without sharing code).
// Proves: every header the client encodes from valid device facts is accepted; on arbitrary headers the decoder
// throws only ContractError and agrees with the judge except on two known points (blank required values, Base64
// without padding or in the URL alphabet — both accepted by the client, rejected by the judge); the judge never
// answers 5xx. Source: Adobe Pass REST API v2 appendix "Header - X-Device-Info" (dcr-protocol.md §6).
import {
  ContractError,
  type DeviceInfo,
  decodeDeviceInfo,
  encodeDeviceInfo,
  OS_FAMILIES,
  OS_NAMES,
  OS_VENDORS,
  PRIMARY_HARDWARE_TYPES,
} from '@dcrflow/protocol';
import { createSimulator } from '@dcrflow/simulator';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';

const SEED = 20_261_127;
const REQUIRED = ['model', 'version', 'osName', 'osVersion', 'connectionType'] as const;
const simulator = createSimulator({ throttle: false });
let statement: string;
beforeAll(async () => {
  statement = (await simulator.mintSoftwareStatement()).software_statement;
});

/** The judge's verdict: the status of a registration carrying `header`. */
async function judge(header: string): Promise<number> {
  const response = await simulator.fetch(
    new Request('http://simulator.test/o/client/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-info': header },
      body: JSON.stringify({ software_statement: statement }),
    }),
  );
  await response.body?.cancel();
  return response.status;
}

const nonBlank = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((value) => value.trim() !== '');
const deviceInfo: fc.Arbitrary<DeviceInfo> = fc.record(
  {
    primaryHardwareType: fc.constantFrom(...PRIMARY_HARDWARE_TYPES),
    model: nonBlank,
    version: nonBlank,
    manufacturer: fc.string({ unit: 'grapheme' }),
    vendor: fc.string(),
    osName: fc.constantFrom(...OS_NAMES),
    osFamily: fc.constantFrom(...OS_FAMILIES),
    osVendor: fc.constantFrom(...OS_VENDORS),
    osVersion: nonBlank,
    browserName: fc.string(),
    userAgent: fc.string({ unit: 'grapheme', maxLength: 200 }),
    displayWidth: fc.oneof(fc.nat(), fc.string()),
    // JSON has no -0: it would come back as 0.
    diagonalScreenSize: fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
      fc.string(),
    ),
    connectionType: nonBlank,
    connectionIp: fc.ipV4(),
    connectionPort: fc.oneof(fc.nat({ max: 65_535 }), fc.string()),
    connectionSecure: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false')),
    applicationId: fc.string(),
  },
  { requiredKeys: [...REQUIRED] },
);

it('every header the client encodes from valid device facts is accepted by the simulator (2,000 seeded cases)', async () => {
  await fc.assert(
    fc.asyncProperty(deviceInfo, async (info) => {
      const header = encodeDeviceInfo(info);
      expect(decodeDeviceInfo(header)).toEqual(info);
      expect(await judge(header)).toBe(201);
    }),
    { seed: SEED, numRuns: 2_000 },
  );
});

/** Near-miss payloads: the documented keys with right, wrong and blank values, plus extras. */
const payload = fc.dictionary(
  fc.constantFrom(
    ...REQUIRED,
    'primaryHardwareType',
    'osFamily',
    'osVendor',
    'connectionSecure',
    'displayWidth',
    'extra',
  ),
  fc.oneof(
    fc.constantFrom(...OS_NAMES, ...OS_FAMILIES, ...PRIMARY_HARDWARE_TYPES, 'true', 'false', '', ' ', 'linux'),
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 1 }),
  ),
  { maxKeys: 10 },
);
const header = fc.oneof(
  { weight: 4, arbitrary: payload.map((value) => Buffer.from(JSON.stringify(value)).toString('base64')) },
  { weight: 2, arbitrary: deviceInfo.map((info) => encodeDeviceInfo(info)) },
  fc
    .tuple(deviceInfo, fc.constantFrom(...REQUIRED), fc.constantFrom('', ' ', '\t'))
    .map(([info, key, blank]) => Buffer.from(JSON.stringify({ ...info, [key]: blank })).toString('base64')),
  deviceInfo.map((info) => encodeDeviceInfo(info).replace(/=+$/, '')),
  deviceInfo.map((info) => Buffer.from(JSON.stringify(info)).toString('base64url')),
  fc.base64String({ maxLength: 120 }),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64')),
  fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.string({ unit: 'grapheme-ascii', maxLength: 120 }),
);

/** Standard Base64 with its padding (RFC 4648 §4), what the appendix asks for. */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

it('on arbitrary headers the decoder throws only ContractError and agrees with the simulator, except on two known points', async () => {
  const counts = { agreedAccept: 0, agreedReject: 0, blankRequired: 0, lenientBase64: 0 };
  await fc.assert(
    fc.asyncProperty(header, async (value) => {
      let decoded: DeviceInfo | undefined;
      try {
        decoded = decodeDeviceInfo(value);
      } catch (error) {
        expect(error).toBeInstanceOf(ContractError);
      }
      const status = await judge(value);
      expect([201, 400]).toContain(status);
      if ((status === 201) === (decoded !== undefined)) {
        if (status === 201) counts.agreedAccept += 1;
        else counts.agreedReject += 1;
        return;
      }
      // The known divergences, both "client accepts, judge rejects": dcr-protocol.md §6 says "standard Base64" and
      // marks keys "required" without saying "non-empty"; the client's decoder also takes unpadded and URL-alphabet
      // Base64, and "" or "  " as required values; the simulator rejects both.
      expect(status).toBe(400);
      if (!STANDARD_BASE64.test(value.trim())) {
        counts.lenientBase64 += 1;
        return;
      }
      expect(REQUIRED.some((key) => typeof decoded?.[key] === 'string' && decoded[key].trim() === '')).toBe(true);
      counts.blankRequired += 1;
    }),
    { seed: SEED, numRuns: 5_000 },
  );
  console.log(
    `X-Device-Info fuzz: 2,000 encoded headers all accepted; 5,000 arbitrary headers: ${counts.agreedAccept} accepted by both, ` +
      `${counts.agreedReject} rejected by both; accepted by the client's decoder but rejected by the simulator: ` +
      `${counts.blankRequired} with a blank required value, ${counts.lenientBase64} in unpadded or URL-alphabet Base64`,
  );
  expect(counts.agreedAccept).toBeGreaterThan(0);
  expect(counts.agreedReject).toBeGreaterThan(0);
});

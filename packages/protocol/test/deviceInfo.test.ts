import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  ContractError,
  type DeviceInfo,
  decodeDeviceInfo,
  deviceInfoSchema,
  encodeDeviceInfo,
  OS_FAMILIES,
  OS_NAMES,
  OS_VENDORS,
  PRIMARY_HARDWARE_TYPES,
} from '../src/index.ts';
import { DEVICE_INFO } from './support/replies.ts';

function contractError(header: string): ContractError {
  try {
    decodeDeviceInfo(header);
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('Expected decodeDeviceInfo to throw.');
}

/** Base64 of UTF-8 text, built with Node's Buffer so the test does not reuse the code under test. */
const nodeBase64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('X-Device-Info encoding', () => {
  it('is standard Base64 of the UTF-8 JSON, and decodes back to the same object', () => {
    const header = encodeDeviceInfo(DEVICE_INFO);
    expect(header).toBe(nodeBase64(JSON.stringify(DEVICE_INFO)));
    expect(header).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decodeDeviceInfo(header)).toEqual(DEVICE_INFO);
  });

  it('round-trips non-ASCII text (accents, CJK, emoji) through UTF-8', () => {
    const info: DeviceInfo = {
      ...DEVICE_INFO,
      model: 'Téléviseur 4K — Salon 📺',
      manufacturer: 'ソニー',
      applicationId: 'ünïcödé',
    };
    const header = encodeDeviceInfo(info);
    expect(Buffer.from(header, 'base64').toString('utf8')).toBe(JSON.stringify(info));
    expect(decodeDeviceInfo(header)).toEqual(info);
  });

  it('keeps optional documented keys and unknown extra keys', () => {
    const info = {
      ...DEVICE_INFO,
      osFamily: 'Roku OS',
      osVendor: 'Roku',
      displayWidth: 1920,
      displayHeight: '1080',
      connectionSecure: true,
      connectionPort: 443,
      customKey: { nested: [1, 2] },
    } as const;
    expect(decodeDeviceInfo(encodeDeviceInfo(info))).toEqual(info);
  });

  it('decodes a header produced elsewhere, unpadded or with surrounding spaces', () => {
    const text = JSON.stringify({ model: 'm', version: 'v', osName: 'iOS', osVersion: '17', connectionType: 'WiFi' });
    const padded = nodeBase64(text);
    expect(decodeDeviceInfo(padded.replace(/=+$/, ''))).toMatchObject({ osName: 'iOS' });
    expect(decodeDeviceInfo(`  ${padded} `)).toMatchObject({ model: 'm' });
  });

  it('requires connectionType, which the Adobe REST v2 sample header omits', () => {
    const sample = nodeBase64(
      JSON.stringify({
        primaryHardwareType: 'MobilePhone',
        model: 'SM-S901U',
        vendor: 'samsung',
        version: 'r0q',
        manufacturer: 'samsung',
        osName: 'Android',
        osVersion: '14',
      }),
    );
    expect(contractError(sample).message).toBe(
      'X-Device-Info does not match the expected shape: connectionType: expected a string but the field is missing.',
    );
  });
});

describe('X-Device-Info decoding errors', () => {
  it.each<[string, string, string, string[]]>([
    [
      'non-Base64 characters',
      'eyJ!!!',
      'X-Device-Info is not valid standard Base64.',
      ['(header): expected standard Base64 (A-Z, a-z, 0-9, +, / and = padding)'],
    ],
    [
      'the URL-safe alphabet',
      'eyJh-_',
      'X-Device-Info is not valid standard Base64.',
      ['(header): expected standard Base64 (A-Z, a-z, 0-9, +, / and = padding)'],
    ],
    [
      'an impossible length',
      'abcde',
      'X-Device-Info is not valid standard Base64.',
      ['(header): expected standard Base64 (A-Z, a-z, 0-9, +, / and = padding)'],
    ],
    [
      'misplaced padding',
      'ab=c',
      'X-Device-Info is not valid standard Base64.',
      ['(header): expected standard Base64 (A-Z, a-z, 0-9, +, / and = padding)'],
    ],
    [
      'an empty value',
      '',
      'X-Device-Info is not valid standard Base64.',
      ['(header): expected standard Base64 (A-Z, a-z, 0-9, +, / and = padding)'],
    ],
    [
      'bytes that are not UTF-8',
      '/w==',
      'X-Device-Info is not UTF-8 text.',
      ['(header): expected Base64 of UTF-8 text'],
    ],
    [
      'text that is not JSON',
      nodeBase64('model=x'),
      'X-Device-Info is not valid JSON.',
      ['(header): expected Base64 of a JSON object'],
    ],
    [
      'JSON that is not an object',
      nodeBase64('[1,2]'),
      'X-Device-Info does not match the expected shape: (root): expected an object, got an array.',
      ['(root): expected an object, got an array'],
    ],
    [
      'restricted values outside their sets',
      nodeBase64(
        JSON.stringify({
          ...DEVICE_INFO,
          primaryHardwareType: 'Toaster',
          osFamily: 'Haiku',
          osVendor: 7,
          connectionSecure: 'yes',
        }),
      ),
      'X-Device-Info does not match the expected shape: primaryHardwareType: expected one of "Camera", "DataCollectionTerminal", "Desktop", "EmbeddedNetworkModule", "eReader", "GamesConsole", "GeolocationTracker", "Glasses", "MediaPlayer", "MobilePhone", "PaymentTerminal", "PluginModem", "SetTopBox", "TV", "Tablet", "WirelessHotspot", "Wristwatch", "Unknown"; osFamily: expected one of "Android", "BSD", "Linux", "PlayStation OS", "Roku OS", "Symbian", "Tizen", "Windows", "iOS", "tvOS", "macOS", "webOS"; osVendor: expected one of "Amazon", "Apple", "Google", "LG", "Microsoft", "Mozilla", "Nintendo", "Nokia", "Roku", "Samsung", "Sony", "Tizen Project", got a number; and 1 more.',
      [
        'primaryHardwareType: expected one of "Camera", "DataCollectionTerminal", "Desktop", "EmbeddedNetworkModule", "eReader", "GamesConsole", "GeolocationTracker", "Glasses", "MediaPlayer", "MobilePhone", "PaymentTerminal", "PluginModem", "SetTopBox", "TV", "Tablet", "WirelessHotspot", "Wristwatch", "Unknown"',
        'osFamily: expected one of "Android", "BSD", "Linux", "PlayStation OS", "Roku OS", "Symbian", "Tizen", "Windows", "iOS", "tvOS", "macOS", "webOS"',
        'osVendor: expected one of "Amazon", "Apple", "Google", "LG", "Microsoft", "Mozilla", "Nintendo", "Nokia", "Roku", "Samsung", "Sony", "Tizen Project", got a number',
        'connectionSecure: expected a boolean or one of "true", "false", got a string',
      ],
    ],
    [
      'missing required keys and wrong figure types',
      nodeBase64(JSON.stringify({ model: 'm', osName: 'webOS', displayWidth: true })),
      'X-Device-Info does not match the expected shape: version: expected a string but the field is missing; osVersion: expected a string but the field is missing; displayWidth: expected a number or a string, got a boolean; and 1 more.',
      [
        'version: expected a string but the field is missing',
        'osVersion: expected a string but the field is missing',
        'displayWidth: expected a number or a string, got a boolean',
        'connectionType: expected a string but the field is missing',
      ],
    ],
  ])('rejects %s with a ContractError', (_name, header, message, issues) => {
    const error = contractError(header);
    expect(error).toMatchObject({ code: 'contract', message, issues, status: 0, endpoint: 'X-Device-Info' });
  });

  it('rejects a non-string argument', () => {
    expect(contractError(42 as never).message).toBe('X-Device-Info must be a string.');
  });
});

describe('X-Device-Info encoding errors', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'Roku', 'deviceInfo is invalid: (root): expected an object, got a string.'],
    [
      'a missing model',
      { ...DEVICE_INFO, model: undefined },
      'deviceInfo is invalid: model: expected a string but the field is missing.',
    ],
    [
      'an osName outside the set',
      { ...DEVICE_INFO, osName: 'android' },
      'deviceInfo is invalid: osName: expected one of "Android", "Chrome OS", "Linux", "Mac OS", "OS X", "OpenBSD", "Roku OS", "Windows", "iOS", "tvOS", "webOS".',
    ],
    [
      'an extra key that JSON cannot hold',
      { ...DEVICE_INFO, big: 10n },
      'deviceInfo is invalid: it cannot be serialised to JSON.',
    ],
  ])('rejects %s with a ConfigurationError', (_name, info, message) => {
    expect(() => encodeDeviceInfo(info as DeviceInfo)).toThrow(ConfigurationError);
    expect(() => encodeDeviceInfo(info as DeviceInfo)).toThrow(message);
  });
});

describe('restricted value sets', () => {
  it('match dcr-protocol.md §6 and the schema enforces each of them', () => {
    expect(PRIMARY_HARDWARE_TYPES).toHaveLength(18);
    expect(OS_NAMES).toHaveLength(11);
    expect(OS_FAMILIES).toHaveLength(12);
    expect(OS_VENDORS).toHaveLength(12);
    for (const value of PRIMARY_HARDWARE_TYPES) {
      expect(deviceInfoSchema.safeParse({ ...DEVICE_INFO, primaryHardwareType: value }).success).toBe(true);
    }
    for (const value of OS_NAMES)
      expect(deviceInfoSchema.safeParse({ ...DEVICE_INFO, osName: value }).success).toBe(true);
    for (const value of OS_FAMILIES) {
      expect(deviceInfoSchema.safeParse({ ...DEVICE_INFO, osFamily: value }).success).toBe(true);
    }
    for (const value of OS_VENDORS) {
      expect(deviceInfoSchema.safeParse({ ...DEVICE_INFO, osVendor: value }).success).toBe(true);
    }
    for (const value of [true, false, 'true', 'false']) {
      expect(deviceInfoSchema.safeParse({ ...DEVICE_INFO, connectionSecure: value }).success).toBe(true);
    }
  });
});

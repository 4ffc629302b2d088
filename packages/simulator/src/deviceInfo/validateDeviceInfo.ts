import { decodeUtf8 } from '../http/readBody.ts';

/**
 * Keys Adobe marks required in the X-Device-Info payload (Adobe Pass "X-Device-Info" header appendix).
 */
const REQUIRED_KEYS = ['model', 'version', 'osName', 'osVersion', 'connectionType'] as const;

/**
 * Restricted values (same appendix). Matching is exact: Adobe lists the spellings it accepts.
 */
const RESTRICTED_VALUES: Readonly<Record<string, readonly string[]>> = {
  primaryHardwareType: [
    'Camera',
    'DataCollectionTerminal',
    'Desktop',
    'EmbeddedNetworkModule',
    'eReader',
    'GamesConsole',
    'GeolocationTracker',
    'Glasses',
    'MediaPlayer',
    'MobilePhone',
    'PaymentTerminal',
    'PluginModem',
    'SetTopBox',
    'TV',
    'Tablet',
    'WirelessHotspot',
    'Wristwatch',
    'Unknown',
  ],
  osName: ['Android', 'Chrome OS', 'Linux', 'Mac OS', 'OS X', 'OpenBSD', 'Roku OS', 'Windows', 'iOS', 'tvOS', 'webOS'],
  osFamily: [
    'Android',
    'BSD',
    'Linux',
    'PlayStation OS',
    'Roku OS',
    'Symbian',
    'Tizen',
    'Windows',
    'iOS',
    'tvOS',
    'macOS',
    'webOS',
  ],
  osVendor: [
    'Amazon',
    'Apple',
    'Google',
    'LG',
    'Microsoft',
    'Mozilla',
    'Nintendo',
    'Nokia',
    'Roku',
    'Samsung',
    'Sony',
    'Tizen Project',
  ],
};

/** Standard Base64 (RFC 4648 §4) with its padding: the appendix says "Base64", not base64url. */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The verdict on an `X-Device-Info` header value. */
export type DeviceInfoVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Decodes and validates an `X-Device-Info` header value: standard Base64 of a UTF-8 JSON object with the required
 * keys as non-empty strings and every restricted key within its allowed values. `null` (header absent) is valid:
 * browsers may omit it and Adobe then derives the values from `User-Agent`.
 */
export function validateDeviceInfo(header: string | null): DeviceInfoVerdict {
  if (header === null) return { ok: true };
  const value = header.trim();
  if (value === '' || !STANDARD_BASE64.test(value)) return { ok: false, reason: 'it is not standard Base64.' };
  const binary = atob(value);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, reason: 'the decoded bytes are not UTF-8.' };
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the decoded text is not JSON.' };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, reason: 'the decoded JSON is not an object.' };
  }
  const info = payload as Record<string, unknown>;
  for (const key of REQUIRED_KEYS) {
    const field = info[key];
    if (typeof field !== 'string' || field.trim() === '') {
      return { ok: false, reason: `the required key "${key}" is missing or not a non-empty string.` };
    }
  }
  for (const [key, allowed] of Object.entries(RESTRICTED_VALUES)) {
    const field = info[key];
    if (field !== undefined && (typeof field !== 'string' || !allowed.includes(field))) {
      return { ok: false, reason: `the key "${key}" has a value outside Adobe's restricted list.` };
    }
  }
  const secure = info.connectionSecure;
  if (secure !== undefined && secure !== true && secure !== false && secure !== 'true' && secure !== 'false') {
    return { ok: false, reason: 'the key "connectionSecure" must be true or false.' };
  }
  return { ok: true };
}

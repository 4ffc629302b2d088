import { ConfigurationError } from '../errors/ConfigurationError.ts';
import type { DeviceInfo } from '../schemas/deviceInfoSchema.ts';
import { summarizeIssues } from '../validation/summarizeIssues.ts';
import { encodeBase64Utf8 } from './base64.ts';
import { checkDeviceInfo } from './deviceInfoShape.ts';

/**
 * Builds the `X-Device-Info` header value: validates the object (required keys, restricted values), then
 * JSON → UTF-8 → standard Base64. Non-ASCII model names are safe. Throws `ConfigurationError` on bad input.
 * Source: Adobe Pass REST API v2 appendix "Header - X-Device-Info" (dcr-protocol.md §6).
 *
 * @example
 * ```ts
 * import { encodeDeviceInfo } from '@dcrflow/protocol';
 * const header = encodeDeviceInfo({
 *   primaryHardwareType: 'TV', model: 'OLED55', version: '2024', osName: 'webOS', osVersion: '23',
 *   connectionType: 'WiFi',
 * });
 * ```
 */
export function encodeDeviceInfo(info: DeviceInfo): string {
  const result = checkDeviceInfo(info);
  if (!result.ok) throw new ConfigurationError(`deviceInfo is invalid: ${summarizeIssues(result.issues)}.`);
  let json: string;
  try {
    json = JSON.stringify(result.info);
  } catch {
    throw new ConfigurationError('deviceInfo is invalid: it cannot be serialised to JSON.');
  }
  return encodeBase64Utf8(json);
}

import { ConfigurationError } from '../errors/ConfigurationError.ts';
import { type DeviceInfo, deviceInfoSchema } from '../schemas/deviceInfoSchema.ts';
import { formatIssues, summarizeIssues } from '../validation/formatIssues.ts';
import { encodeBase64Utf8 } from './base64.ts';

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
  const result = deviceInfoSchema.safeParse(info);
  if (!result.success) {
    const issues = formatIssues(result.error.issues, info);
    throw new ConfigurationError(`deviceInfo is invalid: ${summarizeIssues(issues)}.`);
  }
  let json: string;
  try {
    json = JSON.stringify(result.data);
  } catch {
    throw new ConfigurationError('deviceInfo is invalid: it cannot be serialised to JSON.');
  }
  return encodeBase64Utf8(json);
}

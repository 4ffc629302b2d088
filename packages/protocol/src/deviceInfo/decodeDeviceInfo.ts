import { ContractError } from '../errors/ContractError.ts';
import type { DeviceInfo } from '../schemas/deviceInfoSchema.ts';
import { summarizeIssues } from '../validation/summarizeIssues.ts';
import { decodeBase64Utf8 } from './base64.ts';
import { checkDeviceInfo } from './deviceInfoShape.ts';

const ENDPOINT = 'X-Device-Info';

function fail(message: string, issue: string): ContractError {
  return new ContractError(message, { status: 0, issues: [issue], endpoint: ENDPOINT });
}

/**
 * Reads an `X-Device-Info` header value: standard Base64 → UTF-8 → JSON → schema. Throws `ContractError`
 * (`status` 0, `endpoint` `'X-Device-Info'`) when any step fails; the issues never quote the value.
 * Source: Adobe Pass REST API v2 appendix "Header - X-Device-Info" (dcr-protocol.md §6).
 *
 * @example
 * ```ts
 * import { decodeDeviceInfo } from '@dcrflow/protocol';
 * const info = decodeDeviceInfo(request.headers.get('x-device-info') ?? '');
 * console.log(info.osName);
 * ```
 */
export function decodeDeviceInfo(header: string): DeviceInfo {
  if (typeof header !== 'string') {
    throw fail('X-Device-Info must be a string.', `(header): expected a string, got ${typeof header}`);
  }
  const decoded = decodeBase64Utf8(header);
  if (!decoded.ok) {
    throw decoded.failure === 'base64'
      ? fail(
          'X-Device-Info is not valid standard Base64.',
          '(header): expected standard Base64 (A-Z, a-z, 0-9, +, / and = padding)',
        )
      : fail('X-Device-Info is not UTF-8 text.', '(header): expected Base64 of UTF-8 text');
  }
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch {
    throw fail('X-Device-Info is not valid JSON.', '(header): expected Base64 of a JSON object');
  }
  const result = checkDeviceInfo(value);
  if (!result.ok) {
    throw new ContractError(`X-Device-Info does not match the expected shape: ${summarizeIssues(result.issues)}.`, {
      status: 0,
      issues: result.issues,
      endpoint: ENDPOINT,
    });
  }
  return result.info;
}

import { jsonResponse } from './jsonResponse.ts';

/**
 * Where every enhanced error points (Adobe Pass "Enhanced Error Codes" page, which defines the fields below).
 */
export const ENHANCED_ERROR_HELP_URL =
  'https://experienceleague.adobe.com/en/docs/pass/authentication/integration-guide-programmers/standard-features/error-reporting/enhanced-error-codes';

/** The `action` values of Adobe's enhanced error codes ("Enhanced Error Codes" page, Action section). */
export type EnhancedErrorAction =
  | 'none'
  | 'configuration'
  | 'application-registration'
  | 'authentication'
  | 'authorization'
  | 'retry'
  | 'retry-after';

/**
 * A top-level enhanced error answer, as REST API v2 sends it: `{ action, status, code, message, helpUrl, trace }`.
 */
export function enhancedError(
  status: number,
  action: EnhancedErrorAction,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return jsonResponse(
    status,
    { action, status, code, message, helpUrl: ENHANCED_ERROR_HELP_URL, trace: crypto.randomUUID() },
    headers,
  );
}

import { type EnhancedErrorAction, enhancedError } from './enhancedError.ts';
import { oauthError } from './oauthError.ts';

/**
 * A generic error answer (404, 405, 413, 500…) in the shape the path's clients parse: the enhanced-error shape
 * under `/api/`, the OAuth `{ error, error_description }` shape everywhere else.
 */
export function errorResponseFor(
  path: string,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  if (path.startsWith('/api/')) {
    const action: EnhancedErrorAction = status >= 500 ? 'retry' : 'none';
    return enhancedError(status, action, code, message, headers);
  }
  return oauthError(status, code, message, headers);
}

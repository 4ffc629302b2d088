/**
 * A fully built DCR request: what goes on the wire, plus the secrets it carries (to scrub from any error).
 *
 * @example
 * ```ts
 * const request: PreparedRequest = buildTokenRequest(resolveHttpOptions({ baseUrl }), credentials);
 * await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
 * ```
 */
export interface PreparedRequest {
  readonly endpoint: 'register' | 'token';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly secrets: readonly string[];
}

/** A fully built DCR request: what goes on the wire, plus the secrets it carries (to scrub from any error). */
export interface PreparedRequest {
  readonly endpoint: 'register' | 'token';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly secrets: readonly string[];
}

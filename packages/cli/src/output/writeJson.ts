import type { TextSink } from '../CliIo.ts';

/**
 * Writes one JSON document on one line (easy for `jq` and for line-oriented readers).
 *
 * @example
 * ```ts
 * writeJson(io.stdout, { state: 'tokenValid' }); // {"state":"tokenValid"}\n
 * ```
 */
export function writeJson(sink: TextSink, value: unknown): void {
  sink.write(`${JSON.stringify(value)}\n`);
}

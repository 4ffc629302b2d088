import ky, { type KyInstance } from 'ky';
import type { TextSink } from '../CliIo.ts';

/**
 * The ky instance behind `DCRFLOW_DEBUG=1`: one stderr line per DCR request — method, URL, status and time taken,
 * e.g. `dcrflow: POST http://127.0.0.1:4010/o/client/token → 201 in 12 ms`. Only those four: the body holds the
 * software statement or the client secret, the headers may hold Basic credentials, and DCR URLs hold neither
 * (the protocol client refuses credentials in a base URL). A request that gets no response prints nothing here;
 * its TransportError is printed as the command's error.
 *
 * @example
 * ```ts
 * const fetch = kyFetch(io.debug ? httpTrace(io.stderr) : undefined);
 * ```
 */
export function httpTrace(sink: TextSink, now: () => number = () => performance.now()): KyInstance {
  const started = new WeakMap<Request, number>();
  return ky.create({
    hooks: {
      beforeRequest: [
        ({ request }) => {
          started.set(request, now());
        },
      ],
      afterResponse: [
        ({ request, response }) => {
          const start = started.get(request);
          const took = start === undefined ? '' : ` in ${Math.round(now() - start)} ms`;
          sink.write(`dcrflow: ${request.method} ${request.url} → ${response.status}${took}\n`);
        },
      ],
    },
  });
}

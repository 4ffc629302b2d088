import { createWriteStream } from 'node:fs';
import { InspectOptionsError } from '../errors/InspectOptionsError.ts';
import type { InspectTransport } from '../transports/InspectTransport.ts';
import type { WireEvent } from '../wire/types.ts';

/**
 * Options of {@link fileRecorder}.
 *
 * @example
 * ```ts
 * const options: FileRecorderOptions = { path: 'recordings/session.jsonl' };
 * ```
 */
export interface FileRecorderOptions {
  /** The JSONL file; created if missing, appended to otherwise. Its directory must exist. */
  path: string;
}

/**
 * A transport that appends events to a JSONL file.
 *
 * @example
 * ```ts
 * const recorder: FileRecorder = fileRecorder({ path: 'session.jsonl' });
 * await recorder.flush();
 * ```
 */
export interface FileRecorder extends InspectTransport {
  readonly path: string;
  /** Resolves when every event sent so far is in the file; rejects if writing failed. */
  flush(): Promise<void>;
  /** Flushes and closes the file; rejects if writing failed. Idempotent. */
  close(): Promise<void>;
}

/**
 * Records wire events as JSONL — one event per line, appended in the order sent — so a session can be replayed in
 * the inspector (open or drop the file). A write failure never reaches the machine: recording stops, and `flush()`
 * / `close()` reject with the error.
 *
 * @example
 * ```ts
 * import { createInspectorBridge } from '@dcrflow/inspect';
 * import { fileRecorder } from '@dcrflow/inspect/node';
 *
 * const bridge = createInspectorBridge({ transport: fileRecorder({ path: 'dcr-session.jsonl' }) });
 * const client = createDcrClient({ baseUrl, softwareStatement, store, inspect: bridge.inspect });
 * // …
 * await bridge.close(); // the file is complete
 * ```
 */
export function fileRecorder(options: FileRecorderOptions): FileRecorder {
  const path = options?.path;
  if (typeof path !== 'string' || path === '') {
    throw new InspectOptionsError('fileRecorder: `path` must be a non-empty file path.');
  }
  const stream = createWriteStream(path, { flags: 'a', encoding: 'utf8' });
  let failure: Error | undefined;
  let closed: Promise<void> | undefined;
  stream.on('error', (error) => {
    failure ??= error;
  });

  function fail(): Promise<void> {
    return Promise.reject(
      new Error(`The recording ${path} could not be written: ${failure?.message ?? 'unknown error'}.`, {
        cause: failure,
      }),
    );
  }

  return {
    path,
    send(event: WireEvent) {
      if (closed !== undefined || failure !== undefined) return;
      let line: string;
      try {
        line = `${JSON.stringify(event)}\n`;
      } catch {
        return;
      }
      // Backpressure is ignored on purpose: the machine cannot wait, and Node buffers the lines in memory.
      stream.write(line);
    },
    flush() {
      if (failure !== undefined) return fail();
      if (closed !== undefined) return closed;
      // An empty write's callback runs once everything queued before it has reached the file.
      return new Promise<void>((resolve, reject) => {
        stream.write('', (error) => {
          if (error ?? failure)
            reject(new Error(`The recording ${path} could not be written.`, { cause: error ?? failure }));
          else resolve();
        });
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (stream.closed || stream.destroyed) resolve();
        else stream.end(() => resolve());
        stream.once('error', () => resolve());
      }).then(() => (failure === undefined ? undefined : fail()));
      return closed;
    },
  };
}

// Property tests of readEnhancedError (the parser of Adobe's enhanced errors on REST API v2 answers, which
// client.fetch() reads on every 401): whatever the response — status, content type, bytes, nesting, size, a body
// stream that fails — it resolves to a well-typed EnhancedError or undefined, never rejects, and leaves the caller's
// body unread. Source: Adobe Pass "Enhanced Error Codes" (dcr-protocol.md §5).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EnhancedError, readEnhancedError } from '../src/index.ts';

const RUNS = { seed: 20_261_127, numRuns: 1_000 } as const;
const OPTIONAL_TEXT_FIELDS = ['action', 'message', 'details', 'helpUrl', 'trace'] as const;

const fieldValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const nearError = fc.record(
  {
    code: fc.oneof(fc.constantFrom('access_token_expired', 'invalid_access_token_client_application', ''), fieldValue),
    action: fc.oneof(fc.constantFrom('retry', 'application-registration', 'none'), fieldValue),
    status: fieldValue,
    message: fieldValue,
    details: fieldValue,
    helpUrl: fieldValue,
    trace: fieldValue,
    extra: fieldValue,
  },
  { requiredKeys: [] },
);
/** The shapes findEnhancedError looks for: top level, under `error`, in item arrays — and near misses of each. */
const shapedBody = fc.oneof(
  nearError,
  fc.record({ error: nearError }),
  fc.array(nearError, { maxLength: 4 }),
  fc.record({ items: fc.array(fc.oneof(nearError, fc.record({ error: nearError })), { maxLength: 4 }) }),
  fc.record({ decisions: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), error: fieldValue }),
);
const bodyText = fc.oneof(
  { arbitrary: shapedBody.map((value) => JSON.stringify(value)), weight: 5 },
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.json().map((text) => text.slice(0, Math.max(0, text.length - 2))),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', '   ', '{', '{"code":', '\uFEFF{"code":"x"}', '<html>401</html>', 'null', '[]'),
  // Larger than the 64 KiB the parser reads: must be ignored, not parsed.
  fc.constant(JSON.stringify({ code: 'too_large', message: 'x'.repeat(70_000) })),
);
const contentType = fc.oneof(
  fc.constantFrom('application/json', 'application/json;charset=utf-8', 'text/plain', 'text/html', ''),
  fc.string({ maxLength: 30 }),
  fc.constant(null),
);
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

function expectWellTyped(found: EnhancedError): void {
  expect(typeof found.code).toBe('string');
  expect(found.code.length).toBeGreaterThan(0);
  for (const field of OPTIONAL_TEXT_FIELDS) {
    if (found[field] !== undefined) expect(typeof found[field]).toBe('string');
  }
  if (found.status !== undefined) expect(typeof found.status).toBe('number');
}

describe('readEnhancedError properties', () => {
  it('any status × content type × body → a well-typed EnhancedError or undefined, and the body stays readable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 599 }), contentType, bodyText, async (status, type, text) => {
        const body = NULL_BODY_STATUSES.has(status) ? null : text;
        const headers = new Headers();
        try {
          if (type !== null) headers.set('content-type', type);
        } catch {
          // A content type that is not a valid header value cannot reach a parser.
        }
        const response = new Response(body, { status, headers });
        const found = await readEnhancedError(response);
        if (found !== undefined) expectWellTyped(found);
        expect(response.bodyUsed).toBe(false);
        // Bytes, not text(): text() would drop a leading BOM.
        expect(new Uint8Array(await response.arrayBuffer())).toEqual(new TextEncoder().encode(body ?? ''));
      }),
      RUNS,
    );
  });

  it('a body stream that fails part-way, arrives in odd chunks, or was already read → undefined or an error, never a rejection', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapedBody.map((value) => new TextEncoder().encode(JSON.stringify(value))),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom('complete', 'fails', 'used'),
        async (bytes, chunkSize, mode) => {
          let offset = 0;
          const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
              if (offset >= bytes.length) return controller.close();
              if (mode === 'fails' && offset >= bytes.length / 2) return controller.error(new TypeError('terminated'));
              controller.enqueue(bytes.slice(offset, offset + chunkSize));
              offset += chunkSize;
            },
          });
          const response = new Response(stream, { status: 401, headers: { 'content-type': 'application/json' } });
          if (mode === 'used') await response.arrayBuffer();
          const found = await readEnhancedError(response);
          if (mode === 'complete') {
            const direct = await readEnhancedError(
              new Response(bytes, { status: 401, headers: { 'content-type': 'application/json' } }),
            );
            expect(found).toEqual(direct);
          } else {
            expect(found).toBeUndefined();
          }
        },
      ),
      { ...RUNS, numRuns: 300 },
    );
  });

  it('things that are not responses → undefined', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (value) => {
        expect(await readEnhancedError(value as Response)).toBeUndefined();
      }),
      { ...RUNS, numRuns: 300 },
    );
  });
});

import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { parseFaultSpec } from '../faults/FaultInjector.ts';
import { jsonResponse, noContent } from '../http/jsonResponse.ts';
import { oauthError } from '../http/oauthError.ts';
import type { RequestContext } from '../state/SimulatorCore.ts';
import type { JwtAuthority } from '../tokens/JwtAuthority.ts';
import type { Simulator } from '../types/Simulator.ts';
import { adminRefusal } from './adminGuard.ts';
import { readJsonObject } from './readJsonObject.ts';

const statementInputSchema = z.strictObject({
  software_id: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  client_name: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
});

const clockInputSchema = z.strictObject({
  advanceSeconds: z.number().check(z.minimum(0), z.maximum(10 * 365 * 24 * 3600)),
});

/** The routes an admin handler may be mounted on, with their methods (for 405 answers). */
export const ADMIN_ROUTES: ReadonlyArray<readonly [path: string, methods: readonly string[]]> = [
  ['/admin/software-statements', ['POST']],
  ['/admin/software-statements/:softwareId/revoke', ['POST']],
  ['/admin/clients/:clientId', ['DELETE']],
  ['/admin/clock', ['POST']],
  ['/admin/faults', ['POST', 'DELETE']],
  ['/admin/stats', ['GET', 'HEAD']],
  ['/admin/requests', ['GET', 'HEAD']],
  ['/admin/reset', ['POST']],
  ['/admin/jwks', ['GET', 'HEAD']],
];

/**
 * Mounts the admin API (design.md §Simulator contract): the HTTP face of the simulator's programmatic twins.
 * Admin requests are never throttled or faulted; bad input answers 400 `{ error: 'invalid_request', error_description }`.
 */
export function mountAdmin(
  app: Hono<{ Bindings: RequestContext }>,
  simulator: Simulator,
  authority: JwtAuthority,
): void {
  // Before every admin handler (and the 405 fallbacks): loopback Host/Origin, JSON bodies only (adminGuard.ts).
  app.use('/admin/*', async (c, next) => {
    const refusal = adminRefusal(c.req.raw);
    if (refusal !== undefined) return refusal;
    await next();
  });

  app.post('/admin/software-statements', async (c) => {
    const body = await readJsonObject(c.req.raw);
    if (!body.ok) return oauthError(body.status, 'invalid_request', body.message);
    const input = statementInputSchema.safeParse(body.value ?? {});
    if (!input.success) {
      return oauthError(400, 'invalid_request', 'Expected { software_id?, client_name? } with non-empty strings.');
    }
    const minted = await simulator.mintSoftwareStatement(withoutUndefined(input.data));
    c.env.entry.softwareId = minted.software_id;
    return jsonResponse(201, minted, { 'cache-control': 'no-store' });
  });

  app.post('/admin/software-statements/:softwareId/revoke', (c) => {
    const softwareId = c.req.param('softwareId');
    simulator.revokeSoftwareStatement(softwareId);
    c.env.entry.softwareId = softwareId;
    return noContent();
  });

  app.delete('/admin/clients/:clientId', (c) => {
    const clientId = c.req.param('clientId');
    c.env.entry.clientId = clientId;
    return simulator.deleteClient(clientId)
      ? noContent()
      : oauthError(404, 'not_found', 'No client has this client_id.');
  });

  app.post('/admin/clock', async (c) => {
    const body = await readJsonObject(c.req.raw);
    if (!body.ok) return oauthError(body.status, 'invalid_request', body.message);
    const input = clockInputSchema.safeParse(body.value);
    if (!input.success) {
      return oauthError(400, 'invalid_request', 'Expected { advanceSeconds } with a number of seconds ≥ 0.');
    }
    simulator.advanceClock(input.data.advanceSeconds);
    return jsonResponse(200, { now: simulator.now() });
  });

  app.post('/admin/faults', async (c) => {
    const body = await readJsonObject(c.req.raw);
    if (!body.ok) return oauthError(body.status, 'invalid_request', body.message);
    try {
      // parseFaultSpec throws a TypeError naming the bad field.
      return jsonResponse(201, { id: simulator.injectFault(parseFaultSpec(body.value)) });
    } catch (error) {
      return oauthError(400, 'invalid_request', error instanceof Error ? error.message : 'The fault spec is invalid.');
    }
  });

  app.delete('/admin/faults', () => {
    simulator.clearFaults();
    return noContent();
  });

  app.get('/admin/stats', () => jsonResponse(200, simulator.stats()));
  app.get('/admin/requests', () => jsonResponse(200, { requests: simulator.requests() }));
  app.get('/admin/jwks', async () => jsonResponse(200, { keys: [await authority.publicJwk()] }));

  app.post('/admin/reset', (c) => {
    simulator.reset();
    c.env.forget = true;
    return noContent();
  });
}

/** Drops `undefined` members so the value fits `exactOptionalPropertyTypes` targets. */
function withoutUndefined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

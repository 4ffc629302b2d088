import { Hono } from 'hono';
import { ADMIN_ROUTES, mountAdmin } from './endpoints/admin.ts';
import { configuration } from './endpoints/configuration.ts';
import { register } from './endpoints/register.ts';
import { token } from './endpoints/token.ts';
import { errorResponseFor } from './http/errorResponseFor.ts';
import type { RequestContext, SimulatorCore } from './state/SimulatorCore.ts';
import type { JwtAuthority } from './tokens/JwtAuthority.ts';
import type { Simulator } from './types/Simulator.ts';

/**
 * Routes a request that passed throttling and faults to its endpoint. Wrong methods answer 405 with `Allow`
 * (RFC 9110 §15.5.6), unknown paths 404, and an unexpected exception a 500 — each in the path's error shape.
 */
export function createRouter(
  core: SimulatorCore,
  simulator: Simulator,
  authority: JwtAuthority,
): Hono<{ Bindings: RequestContext }> {
  // strict: a trailing slash is a different (unknown) path, as on Adobe's servers.
  const app = new Hono<{ Bindings: RequestContext }>({ strict: true });

  app.post('/o/client/register', (c) => register(core, c.req.raw, c.env));
  app.post('/o/client/token', (c) => token(core, c.req.raw, c.env));
  app.get('/api/v2/:serviceProvider/configuration', (c) =>
    configuration(core, c.req.raw, c.env, c.req.param('serviceProvider')),
  );
  mountAdmin(app, simulator, authority);

  const routes: Array<readonly [string, readonly string[]]> = [
    ['/o/client/register', ['POST', 'OPTIONS']],
    ['/o/client/token', ['POST', 'OPTIONS']],
    ['/api/v2/:serviceProvider/configuration', ['GET', 'HEAD', 'OPTIONS']],
    ...ADMIN_ROUTES,
  ];
  // Registered after the real handlers, so these only answer methods no handler took.
  for (const [path, methods] of routes) {
    app.all(path, (c) =>
      errorResponseFor(c.req.path, 405, 'method_not_allowed', `${c.req.method} is not allowed here.`, {
        allow: methods.join(', '),
      }),
    );
  }

  app.notFound((c) => errorResponseFor(c.req.path, 404, 'not_found', 'There is no endpoint at this path.'));
  app.onError((_error, c) =>
    errorResponseFor(c.req.path, 500, 'server_error', 'The simulator failed unexpectedly; this is a simulator bug.'),
  );
  return app;
}

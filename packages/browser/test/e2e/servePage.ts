import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';
import { type LoopbackServer, listenOnLoopback } from '../../../../scripts/testing/listenOnLoopback.ts';

/** Every tab of a test opens this one origin. */
export type ServedPage = LoopbackServer;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Bundles the harness page (test/e2e/page, from source through the `@dcrflow/source` condition) with Vite's `build()`
 * in memory and serves it on 127.0.0.1 at an ephemeral port.
 */
export async function servePage(): Promise<ServedPage> {
  const root = fileURLToPath(new URL('./page/', import.meta.url));
  const output = await build({
    root,
    configFile: false,
    envDir: false,
    publicDir: false,
    logLevel: 'warn',
    resolve: { conditions: ['@dcrflow/source', ...defaultClientConditions] },
    build: { write: false, minify: false, target: 'es2022', modulePreload: false, reportCompressedSize: false },
  });
  if (!('output' in output)) throw new Error('Vite build() returned no in-memory output for the harness page.');
  const files = new Map<string, string | Uint8Array>();
  for (const item of output.output) files.set(`/${item.fileName}`, item.type === 'chunk' ? item.code : item.source);
  if (!files.has('/index.html')) throw new Error('The harness page build has no index.html.');

  return listenOnLoopback((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files.get(path === '/' ? '/index.html' : path);
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const extension = path === '/' ? '.html' : path.slice(path.lastIndexOf('.'));
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    response.end(file);
  });
}

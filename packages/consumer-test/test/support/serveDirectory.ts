import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { type LoopbackServer, listenOnLoopback } from '../../../../scripts/testing/listenOnLoopback.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Serves a built directory on 127.0.0.1 at an ephemeral port, as any static host would serve the app's `dist/`. */
export function serveDirectory(root: string): Promise<LoopbackServer> {
  return listenOnLoopback((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      },
      () => response.writeHead(404).end('not found'),
    );
  });
}

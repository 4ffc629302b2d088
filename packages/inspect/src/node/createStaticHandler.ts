import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { contentTypeOf } from './contentTypeOf.ts';

function send(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(text);
}

async function fileAt(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) {
      const index = join(path, 'index.html');
      return (await stat(index)).isFile() ? index : undefined;
    }
  } catch {
    // Missing or unreadable: the caller decides between the SPA fallback and 404.
  }
  return undefined;
}

/**
 * Serves a built single-page app from `root` (already a real path): GET/HEAD only; files by extension type; a
 * route-like path with no file (no extension in its last segment) gets `index.html` so client-side routing works;
 * nothing outside `root` is ever read — `..` segments (also percent-encoded), backslashes, NUL bytes and symlinks
 * that leave the directory are refused.
 */
export function createStaticHandler(
  root: string,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const inside = (path: string) => path === root || path.startsWith(root + sep);

  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' });
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      send(response, 400, 'The request path is not valid percent-encoding.');
      return;
    }
    const segments = decoded.split('/');
    if (decoded.includes('\0') || decoded.includes('\\') || segments.includes('..')) {
      send(response, 403, 'The request path leaves the served directory.');
      return;
    }
    const candidate = resolve(root, `.${decoded}`);
    if (!inside(candidate)) {
      send(response, 403, 'The request path leaves the served directory.');
      return;
    }
    let file = await fileAt(candidate);
    const last = segments[segments.length - 1] ?? '';
    if (file === undefined && !last.includes('.')) file = await fileAt(join(root, 'index.html'));
    if (file === undefined) {
      send(response, 404, 'There is no such file here.');
      return;
    }
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      send(response, 404, 'There is no such file here.');
      return;
    }
    if (!inside(real)) {
      send(response, 403, 'The request path leaves the served directory.');
      return;
    }
    const size = (await stat(real)).size;
    const html = real.endsWith('.html');
    response.writeHead(200, {
      'Content-Type': contentTypeOf(real),
      'Content-Length': size,
      'X-Content-Type-Options': 'nosniff',
      // The viewer URL carries the session token: never hand it to another site in a Referer header.
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': html ? 'no-cache' : 'public, max-age=300',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = createReadStream(real);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  };
}

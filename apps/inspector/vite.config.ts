import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

// The built app makes no request outside its own origin except to a WebSocket relay on this machine; the policy
// says so to the browser. Build only: the dev server's React Refresh preamble is an inline script.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:* wss://127.0.0.1:* wss://localhost:*",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'dcrflow-inspector-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<!-- csp: the build inserts a Content-Security-Policy here (vite.config.ts) -->',
        `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      ),
  };
}

// Workspace packages export "@dcrflow/source" → src/*.ts, so the app bundles them from source without a build.
// Vite replaces (not extends) its default conditions when `conditions` is set, hence the spread.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  resolve: { conditions: ['@dcrflow/source', ...defaultClientConditions] },
  // Relative asset URLs: `dcrflow inspect` and the demo may serve the build under any path.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2048 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(appDir, 'vite.config.ts');

/** The production build of the inspector, served by Vite's preview server on 127.0.0.1. */
export interface InspectorPreview {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
  /** The temporary directory holding the build; callers may write files beside it. Removed by `close()`. */
  readonly outDir: string;
  close(): Promise<void>;
}

/**
 * Builds the app with Vite's `build()` into a new temporary directory (never `dist/`) and serves it with `preview()`
 * on 127.0.0.1, port 0 (an ephemeral port).
 *
 * @example
 * ```ts
 * const app = await startInspectorPreview();
 * await page.goto(`${app.origin}/?source=page`);
 * await app.close();
 * ```
 */
export async function startInspectorPreview(): Promise<InspectorPreview> {
  const outDir = await mkdtemp(join(tmpdir(), 'dcrflow-inspector-build-'));
  try {
    // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build: build as `vite build`
    // does (NODE_ENV is read when the build starts).
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root: appDir, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    const server = await preview({
      root: appDir,
      configFile,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const address = server.httpServer.address();
    if (address === null || typeof address === 'string') {
      await server.close();
      throw new Error('The preview server has no TCP address.');
    }
    return {
      origin: `http://127.0.0.1:${address.port}`,
      outDir,
      close: async () => {
        await server.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}

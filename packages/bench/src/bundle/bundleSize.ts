import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

/** Where bare imports resolve from: this package, which depends on every dcrflow package and the baselines. */
const RESOLVE_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** Metafile paths are relative to this: `packages/core/src/…`, `node_modules/.pnpm/…`. */
const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/** Size of one bundle. */
export interface BundleSize {
  readonly minified: number;
  readonly gzipped: number;
  readonly metafile: Metafile;
  /** The minified bundle itself. */
  readonly code: string;
}

/** Options of {@link bundleSize}. */
export interface BundleOptions {
  /** Bare specifiers left out of the bundle (to measure what they add). */
  readonly external?: readonly string[];
  readonly plugins?: readonly Plugin[];
  /**
   * `process.env.NODE_ENV` as the app's build defines it. Default `"production"`: what esbuild itself defines for a
   * minified browser build (and React/xstate-style apps define for production); `"development"` keeps dev-only code.
   */
  readonly nodeEnv?: 'production' | 'development';
  /**
   * Bundle dcrflow's packages from another copy of the repository (a directory holding `packages/<name>/src`), e.g.
   * the sources before issue 11 extracted by {@link extractSources}; dependencies still resolve from this package.
   */
  readonly sourceRoot?: string;
}

/** Resolves `@dcrflow/<name>` to `<root>/packages/<name>/src/index.ts`, and bare dependencies from this package. */
function sourceRootPlugin(root: string): Plugin {
  return {
    name: 'dcrflow-source-root',
    setup(build) {
      build.onResolve({ filter: /^@dcrflow\/[^/]+$/ }, (args) => ({
        path: join(root, 'packages', args.path.slice('@dcrflow/'.length), 'src', 'index.ts'),
      }));
    },
  };
}

/**
 * Bundles `source` the way an app's production build would: esbuild, browser platform, ES modules, tree-shaken,
 * minified; gzip level 9 (node:zlib). Workspace packages resolve to their sources through the `@dcrflow/source`
 * condition (the same code tsc emits, without needing a build). `module` is listed explicitly because esbuild drops
 * its default `module` condition once custom conditions are set, and without it xstate resolves to its CommonJS
 * build, which cannot be tree-shaken (+11 KB min in this project's measurement).
 */
export async function bundleSize(source: string, options: BundleOptions = {}): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: RESOLVE_DIR, loader: 'ts', sourcefile: 'entry.ts' },
    absWorkingDir: REPO_ROOT,
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@dcrflow/source', 'module'],
    external: [...(options.external ?? [])],
    define: { 'process.env.NODE_ENV': JSON.stringify(options.nodeEnv ?? 'production') },
    plugins: [
      ...(options.sourceRoot === undefined ? [] : [sourceRootPlugin(options.sourceRoot)]),
      ...(options.plugins ?? []),
    ],
    nodePaths: [join(RESOLVE_DIR, 'node_modules')],
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error('esbuild produced no output.');
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    metafile: result.metafile,
    code: new TextDecoder().decode(code),
  };
}

/** Bytes each input module contributes to the (single) output, largest first. */
export function moduleBytes(metafile: Metafile): Array<{ path: string; bytes: number }> {
  const output = Object.values(metafile.outputs)[0];
  if (output === undefined) return [];
  return Object.entries(output.inputs)
    .map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** The npm package or workspace package an input path belongs to. */
export function ownerOf(path: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dependency?.[1] !== undefined) return dependency[1];
  const workspace = /(?:^|\/)packages\/([^/]+)\/src\//.exec(path);
  if (workspace?.[1] !== undefined) return `@dcrflow/${workspace[1]}`;
  return path;
}

/** A readable module path: `zod/v4/core/util.js`, `@dcrflow/core/src/client/createDcrClient.ts`. */
export function shortPath(path: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(.+)$/.exec(path);
  if (dependency?.[1] !== undefined) return dependency[1].replace(/^(ky|xstate)\/(distribution|dist)\//, '$1/');
  const workspace = /(?:^|\/)packages\/([^/]+)\/(src\/.+)$/.exec(path);
  if (workspace?.[1] !== undefined) return `@dcrflow/${workspace[1]}/${workspace[2]}`;
  return path;
}

/**
 * Extracts `packages/{core,protocol,browser}/src` as of git revision `rev` into a fresh temporary directory (for
 * {@link BundleOptions.sourceRoot}), so a baseline is bundled in the same run, with the same esbuild and options.
 */
export function extractSources(rev: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcrflow-bundle-baseline-'));
  const paths = ['core', 'protocol', 'browser'].map((name) => `packages/${name}/src`);
  const archive = execFileSync('git', ['archive', '--format=tar', rev, ...paths], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  return dir;
}

// Dependencies flow one way: protocol ← core ← browser/node/inspect ← cli/apps (design.md §Monorepo layout).
// The simulator is the independent judge of the client, so it imports no dcrflow package at all, and no library package
// imports it (only the CLI and apps start it); core never imports a platform adapter. These rules are checked on package manifests AND on the import statements in src/,
// so a stray import fails here even before anyone declares the dependency.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Lower layers never import higher ones; `undefined` = isolated (imports no dcrflow package). */
const layer: Record<string, number | undefined> = {
  '@dcrflow/protocol': 0,
  '@dcrflow/core': 1,
  '@dcrflow/browser': 2,
  '@dcrflow/node': 2,
  '@dcrflow/inspect': 2,
  dcrflow: 3,
  '@dcrflow/cli': 3,
  '@dcrflow/inspector': 3,
  // Suites that exercise everything, the CLI included.
  '@dcrflow/bench': 4,
  '@dcrflow/reliability': 4,
  '@dcrflow/simulator': undefined,
};
/** Packages with a Node-only `./node` entry under src/node/. */
const nodeEntry = new Set(['@dcrflow/simulator', '@dcrflow/inspect']);
/** Packages whose src/ must run in browsers and workers: no Node built-ins. */
const platformNeutral = new Set(['@dcrflow/protocol', '@dcrflow/core', '@dcrflow/browser', '@dcrflow/inspect']);

interface Workspace {
  name: string;
  dir: string;
  manifest: { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
}

function workspaces(): Workspace[] {
  const found: Workspace[] = [];
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      const manifestPath = join(base, entry, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      found.push({ name: manifest.name, dir: join(base, entry), manifest });
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return specifiers.map((m) => (m[1] ?? m[2]) as string);
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

/**
 * Packages that ship only static files (the built inspector app): the CLI depends on them to serve them, never
 * imports their code, so a same-layer manifest dependency is fine.
 */
const assetPackages = new Set(['@dcrflow/inspector']);

function allowed(from: string, to: string): boolean {
  if (from === to) return true;
  const a = layer[from];
  const b = layer[to];
  if (!(to in layer)) return true; // not a dcrflow package
  // The simulator imports no dcrflow package; only the top layer (CLI, apps) may start it.
  if (a === undefined) return false;
  if (b === undefined) return a >= 3;
  return b < a;
}

const all = workspaces();

describe('one-way package dependencies', () => {
  it('finds the workspace packages', () => {
    expect(all.map((w) => w.name)).toEqual(
      expect.arrayContaining(['@dcrflow/protocol', '@dcrflow/core', '@dcrflow/simulator']),
    );
  });

  for (const ws of all) {
    it(`${ws.name}: runtime dependencies point only to lower layers`, () => {
      const deps = Object.keys({ ...ws.manifest.dependencies, ...ws.manifest.peerDependencies });
      const bad = deps.filter(
        (dep) => dep in layer && !allowed(ws.name, dep) && !(assetPackages.has(dep) && layer[ws.name] === 3),
      );
      expect(bad, `${ws.name} must not depend on ${bad.join(', ')}`).toEqual([]);
    });

    it(`${ws.name}: src/ imports only lower layers${platformNeutral.has(ws.name) ? ' and no Node built-ins' : ''}`, () => {
      const violations: string[] = [];
      // A package's `./node` entry (src/node/) is where its Node-only parts live: the simulator's host, inspect's relay.
      const neutralSrc = (file: string) =>
        (platformNeutral.has(ws.name) || ws.name === '@dcrflow/simulator') &&
        !(nodeEntry.has(ws.name) && file.includes(join('src', 'node')));
      for (const file of sourceFiles(join(ws.dir, 'src'))) {
        for (const specifier of importsOf(file)) {
          if (specifier.startsWith('.')) continue;
          const target = packageOf(specifier);
          const where = relative(root, file);
          if (target in layer && !allowed(ws.name, target)) violations.push(`${where} imports ${specifier}`);
          if (neutralSrc(file) && (specifier.startsWith('node:') || specifier === 'fs' || specifier === 'path')) {
            violations.push(`${where} imports the Node built-in ${specifier}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }
});

describe('the layering rule itself', () => {
  it.each([
    ['@dcrflow/core', '@dcrflow/protocol', true],
    ['@dcrflow/protocol', '@dcrflow/core', false],
    ['@dcrflow/core', '@dcrflow/simulator', false],
    ['@dcrflow/core', '@dcrflow/browser', false],
    ['@dcrflow/simulator', '@dcrflow/protocol', false],
    ['@dcrflow/browser', '@dcrflow/node', false],
    ['dcrflow', '@dcrflow/node', true],
    ['dcrflow', '@dcrflow/simulator', true],
    ['@dcrflow/node', '@dcrflow/simulator', false],
    ['@dcrflow/core', 'xstate', true],
  ])('%s → %s allowed: %s', (from, to, expected) => {
    expect(allowed(from, to)).toBe(expected);
  });

  it('sees static, re-export and dynamic imports', () => {
    expect(packageOf('@dcrflow/simulator/node')).toBe('@dcrflow/simulator');
    expect(packageOf('xstate/graph')).toBe('xstate');
  });
});

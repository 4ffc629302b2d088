import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as browser from '../src/index.ts';
import * as node from '../src/node/index.ts';

const src = join(import.meta.dirname, '..', 'src');

/** Every module specifier reachable from `entry` through relative imports, with the file importing it. */
function importGraph(entry: string): Array<{ file: string; specifier: string; typeOnly: boolean }> {
  const seen = new Set<string>();
  const found: Array<{ file: string; specifier: string; typeOnly: boolean }> = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^(import|export)(\s+type)?[^'"]*?from\s*'([^']+)'/gm)) {
      const specifier = match[3] as string;
      found.push({ file, specifier, typeOnly: match[2] !== undefined });
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
    }
  };
  visit(entry);
  return found;
}

describe('public API', () => {
  it('the browser-safe entry exports exactly this', () => {
    expect(Object.keys(browser).sort()).toEqual(
      [
        'DEFAULT_SECRET_KEYS',
        'HARMLESS_METADATA_KEYS',
        'IN_PAGE_CHANNEL',
        'InspectOptionsError',
        'InspectWireError',
        'WIRE_VERSION',
        'createInspectorBridge',
        'createRedactor',
        'inPageTransport',
        'memoryTransport',
        'parseJsonl',
        'parseWireEvent',
        'toJsonl',
        'webSocketTransport',
      ].sort(),
    );
  });

  it('the Node entry exports exactly this', () => {
    expect(Object.keys(node).sort()).toEqual(['fileRecorder', 'startInspectorRelay']);
  });

  it('the browser-safe entry reaches no Node built-in and no Node-only package', () => {
    const graph = importGraph(join(src, 'index.ts'));
    expect(graph.length).toBeGreaterThan(10);
    const nodeOnly = graph.filter(
      ({ specifier }) =>
        specifier.startsWith('node:') ||
        specifier === 'ws' ||
        specifier.includes('/node/') ||
        specifier === './node/index.ts',
    );
    expect(nodeOnly).toEqual([]);
    // xstate is a peer used for types only in the browser entry: it adds nothing to an app's bundle.
    const runtimeXState = graph.filter(({ specifier, typeOnly }) => specifier === 'xstate' && !typeOnly);
    expect(runtimeXState).toEqual([]);
    // Browser code validates with zod/mini, never full zod (toolchain.md, bundle weight).
    expect(graph.filter(({ specifier }) => specifier === 'zod')).toEqual([]);
  });
});

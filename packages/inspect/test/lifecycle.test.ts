import { createDcrClient, type DcrClient, memoryStore } from '@dcrflow/core';
import { ManualClock } from '@dcrflow/core/testing';
// The simulator is not (yet) a devDependency of this package: its source is imported directly (tests only).
import { startSimulator } from '@dcrflow/simulator/node';
import { describe, expect, it } from 'vitest';
import {
  createInspectorBridge,
  memoryTransport,
  parseJsonl,
  toJsonl,
  type WireEvent,
  webSocketTransport,
} from '../src/index.ts';
import { startInspectorRelay } from '../src/node/index.ts';
import { connectViewer } from './support/viewer.ts';
import { waitFor } from './support/waitFor.ts';

const DEVICE_INFO = {
  model: 'dcrflow-inspect-test',
  version: '1.0',
  osName: 'Linux',
  osVersion: '6.1',
  connectionType: 'WiFi',
} as const;

function topStates(events: readonly WireEvent[], actorId: string): string[] {
  const states: string[] = [];
  for (const event of events) {
    if (event.kind !== 'snapshot' || event.actorId !== actorId) continue;
    const value = event.snapshot.value;
    const top = typeof value === 'string' ? value : (Object.keys(value as object)[0] ?? '');
    if (states.at(-1) !== top) states.push(top);
  }
  return states;
}

describe('a whole dcrflow lifecycle through the bridge', () => {
  it('streams every state change and leaks no client_secret, access_token or software_statement', async () => {
    const sim = await startSimulator({ port: 0, throttle: false, tokenTtlSeconds: 600 });
    const relay = await startInspectorRelay();
    const viewer = await connectViewer(relay.viewerWsUrl);
    let client: DcrClient | undefined;
    try {
      // Every secret the server hands out, read straight off the wire.
      const secrets = new Set<string>();
      const spy: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url.includes('/o/client/') && response.ok) {
          const body = (await response
            .clone()
            .json()
            .catch(() => ({}))) as Record<string, unknown>;
          for (const key of ['client_secret', 'access_token'])
            if (typeof body[key] === 'string') secrets.add(body[key]);
        }
        return response;
      };
      const statement = await sim.simulator.mintSoftwareStatement();
      secrets.add(statement.software_statement);

      const memory = memoryTransport();
      const socket = webSocketTransport({ url: relay.wsUrl });
      const bridge = createInspectorBridge({
        transport: {
          send: (event) => {
            memory.send(event);
            socket.send(event);
          },
          close: () => socket.close(),
        },
      });
      const clock = new ManualClock(Date.now());
      const reauthentications: string[] = [];
      client = createDcrClient({
        baseUrl: sim.url,
        softwareStatement: statement.software_statement,
        store: memoryStore(),
        deviceInfo: DEVICE_INFO,
        fetch: spy,
        clock,
        inspect: bridge.inspect,
      });
      client.on('reauthenticationRequired', ({ clientId }) => reauthentications.push(clientId));
      const c = client;

      // First run: register, then a token.
      await c.getAccessToken();
      expect(c.state).toBe('tokenValid');
      // The refresh lead arrives: expiring → a new token → tokenValid.
      const tokensBefore = sim.simulator.stats().tokens.total;
      clock.advance((c.actor.getSnapshot().context.token?.refreshAt ?? 0) - clock.now());
      await waitFor(
        'the proactive refresh',
        () => c.state === 'tokenValid' && sim.simulator.stats().tokens.total > tokensBefore,
      );
      // The server forgets the client: the protected API answers 401, the client registers again.
      sim.simulator.deleteClient(c.actor.getSnapshot().context.clientId ?? '');
      sim.simulator.advanceClock(700);
      expect((await c.fetch(`${sim.url}/api/v2/sp/configuration`)).status).toBe(200);
      await waitFor('the re-registration', () => reauthentications.length === 1);
      c.stop();
      await bridge.close();

      // Enough happened for the scan to mean something: two registrations, three or more tokens, one statement.
      expect(secrets.size).toBeGreaterThanOrEqual(6);
      const events = memory.events();
      expect(events.length).toBeGreaterThan(50);
      const rootId = c.actor.sessionId;
      const root = events.find((event) => event.kind === 'actor' && event.actorId === rootId);
      expect(root).toMatchObject({ kind: 'actor', parentId: null });
      expect(Object.keys((root as { definition: { states: object } }).definition.states)).toEqual(
        expect.arrayContaining(['loading', 'registering', 'tokenValid', 'expiring', 'credentialsLost']),
      );
      const states = topStates(events, rootId);
      expect(states.slice(0, 3)).toEqual(['loading', 'registering', 'registered']);
      expect(states.join(' ')).toContain('tokenValid expiring tokenValid');
      expect(states).toContain('credentialsLost');

      // The viewer got the same stream through the relay.
      await viewer.waitForCount(events.length, 10_000);
      expect(viewer.events).toEqual(JSON.parse(JSON.stringify(events)));

      // The secret scan: no secret in any wire event, in memory, in a recording, or at the viewer.
      const texts = [JSON.stringify(events), toJsonl(events), JSON.stringify(viewer.events)];
      const leaks = [...secrets].filter((secret) => texts.some((text) => text.includes(secret)));
      expect(leaks).toEqual([]);
      // The scan can see: fingerprints sit where the secrets would have been.
      expect(texts[0]).toContain('‹redacted:');
      expect(parseJsonl(toJsonl(events))).toEqual(JSON.parse(JSON.stringify(events)));
    } finally {
      client?.stop();
      viewer.close();
      await relay.close();
      await sim.close();
    }
  });
});

// The page each tab of the two-tab test loads: one dcrflow client over a shared browser store and the browser
// coordinator, driven by the Node test through `window.harness`. It reports identifiers and fingerprints, never a
// secret.
import { type CoordinatorMessage, createDcrClient, type DcrClient } from '@dcrflow/core';
import { browserCoordinator, browserSignals, encrypted, indexedDbStore, webStore } from '../../../src/index.ts';
import type { HarnessApi, HarnessConfig, TabSummary } from './harnessTypes.ts';

let client: DcrClient | null = null;
const messages: CoordinatorMessage[] = [];
const reauthentications: string[] = [];
const errors: string[] = [];

async function fingerprint(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest).slice(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function makeStore(config: HarnessConfig) {
  switch (config.store) {
    case 'webStore':
      return webStore({ storage: localStorage, key: config.storeName });
    case 'encrypted-indexedDbStore':
      return encrypted(indexedDbStore({ name: config.storeName }));
  }
}

function requireClient(): DcrClient {
  if (client === null) throw new Error('harness.start() has not run in this tab.');
  return client;
}

async function summary(): Promise<TabSummary> {
  const current = requireClient();
  const token = await current.getAccessToken();
  return {
    state: current.state,
    clientId: current.actor.getSnapshot().context.clientId,
    tokenFingerprint: await fingerprint(token.accessToken),
    messages: [...messages],
    reauthentications: [...reauthentications],
    errors: [...errors],
  };
}

const harness: HarnessApi = {
  async start(config) {
    if (config.withoutWebLocks) Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    const coordinator = browserCoordinator({ name: config.coordinatorName });
    coordinator.subscribe((message) => messages.push(message));
    client = createDcrClient({
      baseUrl: config.baseUrl,
      softwareStatement: config.softwareStatement,
      store: makeStore(config),
      coordinator,
      signals: browserSignals(),
    });
    client.on('reauthenticationRequired', (event) => reauthentications.push(event.clientId));
    client.on('error', (error) => errors.push(error.code));
    return summary();
  },
  summary,
  async callApi(url) {
    const response = await requireClient().fetch(url);
    return response.status;
  },
  stop() {
    client?.stop();
  },
};

(window as unknown as { harness: HarnessApi }).harness = harness;

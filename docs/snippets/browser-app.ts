// A web app (Vite or any bundler): credentials kept per browser profile, one registration and one refresh across tabs.
import { browserCoordinator, browserSignals, encrypted, indexedDbStore } from '@dcrflow/browser';
import { createDcrClient } from '@dcrflow/core';
import { createInspectorBridge, webSocketTransport } from '@dcrflow/inspect';

// Optional, while developing: stream the client to `dcrflow inspect`. Open the app with ?dcrflow-inspect=<the ws://
// producer URL that `dcrflow inspect` prints>; the page URL works in every bundler (no process.env in a browser).
const inspectUrl = new URLSearchParams(location.search).get('dcrflow-inspect');
const inspection =
  inspectUrl === null
    ? {}
    : { inspect: createInspectorBridge({ transport: webSocketTransport({ url: inspectUrl }) }).inspect };

export const client = createDcrClient({
  baseUrl: 'https://sp.auth.adobe.com',
  softwareStatement: () => fetch('/dcr/software-statement').then((response) => response.text()),
  store: encrypted(indexedDbStore({ name: 'my-app-dcrflow' })),
  coordinator: browserCoordinator({ name: 'my-app' }),
  signals: browserSignals(),
  ...inspection,
});

client.on('reauthenticationRequired', () => location.assign('/sign-in')); // credentials were lost and replaced
client.on('revoked', () => document.body.classList.add('app-disabled')); // the software statement was revoked

export async function loadConfiguration(): Promise<unknown> {
  const response = await client.fetch('https://sp.auth.adobe.com/api/v2/my-sp/configuration'); // Bearer + 401 retry
  return response.json();
}

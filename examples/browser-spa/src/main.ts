// A browser SPA embedding dcrflow. Run a simulator (`npx dcrflow simulate` or `npm start` at the repo root), then
// `pnpm dev` here and open http://127.0.0.1:5173/?sim=http://127.0.0.1:4010&statement=<jwt>.
import { browserCoordinator, browserDeviceInfo, browserSignals, encrypted, indexedDbStore } from '@dcrflow/browser';
import { createDcrClient, type DcrState } from '@dcrflow/core';

const params = new URLSearchParams(location.search);
const baseUrl = params.get('sim') ?? 'https://sp.auth.adobe.com';
const serviceProvider = params.get('sp') ?? 'example-sp';

const client = createDcrClient({
  baseUrl,
  // In production, fetch the statement from your backend so it can be rotated without shipping a new app.
  softwareStatement: async () => params.get('statement') ?? (await fetch('/software-statement').then((r) => r.text())),
  // Credentials must survive forever on this browser profile: IndexedDB, encrypted at rest with a non-extractable
  // key kept in IndexedDB too. Losing the key means one new registration and a re-authentication, never a crash.
  store: encrypted(indexedDbStore({ name: 'dcrflow-example' })),
  // One registration and one refresh across every tab of this origin.
  coordinator: browserCoordinator(),
  // Re-check deadlines when the tab comes back or the laptop wakes up.
  signals: browserSignals(),
  deviceInfo: browserDeviceInfo({ applicationId: 'dcrflow-example' }),
});

const stateEl = document.querySelector<HTMLElement>('#state');
const logEl = document.querySelector<HTMLOutputElement>('#log');
const log = (line: string) => {
  if (logEl) logEl.textContent = `${new Date().toLocaleTimeString()}  ${line}\n${logEl.textContent ?? ''}`;
};

const showState = (state: DcrState) => {
  if (stateEl) stateEl.textContent = state;
};
client.on('stateChange', ({ state }) => showState(state));
client.on('reauthenticationRequired', () =>
  log('Credentials were replaced: ask the user to sign in with their TV provider again.'),
);
client.on('revoked', () => log('The software statement was revoked: this app version can no longer use Adobe Pass.'));
client.on('error', ({ code, message }) => log(`error [${code}] ${message}`));

document.querySelector('#call')?.addEventListener('click', async () => {
  try {
    // Bearer header added; a 401 triggers one refresh and one retry.
    const response = await client.fetch(`${baseUrl}/api/v2/${serviceProvider}/configuration`);
    log(`configuration: HTTP ${response.status}`);
  } catch (error) {
    log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
  }
});

const token = await client.getAccessToken();
log(`token ready, expires at ${new Date(token.expiresAt).toLocaleTimeString()}`);
showState(client.state);

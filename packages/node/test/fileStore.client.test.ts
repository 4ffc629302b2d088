import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDcrClient } from '@dcrflow/core';
import { startSimulator } from '@dcrflow/simulator/node';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fileStore } from '../src/index.ts';
import { tempDir } from './support/tempDir.ts';

let dir: { path: string; remove(): Promise<void> };
const cleanups: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await dir.remove();
});

it('a dcrflow client treats a corrupt credential file as lost credentials and keeps the evidence', async () => {
  const { url, simulator, close } = await startSimulator({ throttle: false });
  cleanups.push(close);
  const { software_statement: softwareStatement } = await simulator.mintSoftwareStatement();
  const path = join(dir.path, 'dcrflow', 'credentials.json');
  const start = () => {
    const client = createDcrClient({ baseUrl: url, softwareStatement, store: fileStore({ path }) });
    cleanups.push(async () => client.stop());
    return client;
  };

  const first = start();
  await first.getAccessToken();
  const clientId = first.actor.getSnapshot().context.clientId;
  first.stop();

  // Warm start from the file: zero requests.
  const requests = simulator.stats().requests.total;
  const warm = start();
  await warm.getAccessToken();
  expect(simulator.stats().requests.total).toBe(requests);
  warm.stop();

  // A damaged file (a disk error, a bad manual edit): the next start must not crash and must tell the app.
  const garbage = '{"value":"{\\"format\\":\\"dcrflow.v1\\",\\"regis';
  await writeFile(path, garbage);
  const recovered = start();
  const notices: Array<{ clientId: string; previousClientId: string | null }> = [];
  recovered.on('reauthenticationRequired', (event) => notices.push(event));
  await recovered.getAccessToken();

  expect(notices).toHaveLength(1);
  expect(notices[0]!.clientId).not.toBe(clientId);
  expect(simulator.stats().registrations.total).toBe(2);
  const evidence = (await readdir(join(dir.path, 'dcrflow'))).filter((name) =>
    name.startsWith('credentials.json.corrupt-'),
  );
  expect(evidence).toHaveLength(1);
  expect(await readFile(join(dir.path, 'dcrflow', evidence[0]!), 'utf8')).toBe(garbage);
  // The file is healthy again and holds the new registration.
  const envelope = JSON.parse(await readFile(path, 'utf8')) as { value: string };
  expect(envelope.value).toContain(notices[0]!.clientId);
});

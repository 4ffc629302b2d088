import { type RunningSimulator, type StartSimulatorOptions, startSimulator } from '@dcrflow/simulator/node';
import { onTestFinished } from 'vitest';
import {
  type Clock,
  type CredentialStore,
  createDcrClient,
  type DcrClient,
  type DcrClientOptions,
  memoryStore,
  systemClock,
} from '../../src/index.ts';

export const DEVICE_INFO = {
  model: 'dcrflow-test',
  version: '1.0',
  osName: 'Linux',
  osVersion: '6.1',
  connectionType: 'WiFi',
} as const;

export interface Harness {
  readonly sim: RunningSimulator;
  readonly url: string;
  /** Mints a fresh software statement. */
  statement(): Promise<string>;
  /** A client against the simulator; stopped automatically after the test. */
  client(options: Partial<DcrClientOptions> & { softwareStatement: DcrClientOptions['softwareStatement'] }): DcrClient;
  /** Request counts so far. */
  counts(): { register: number; token: number; api: number; registrations: number };
}

/** Starts a simulator for one test (no throttle unless asked); it and every client are closed after the test. */
export async function harness(options: StartSimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, throttle: false, ...options });
  const clients: DcrClient[] = [];
  onTestFinished(async () => {
    for (const client of clients) client.stop();
    await sim.close();
  });
  return {
    sim,
    url: sim.url,
    async statement() {
      return (await sim.simulator.mintSoftwareStatement()).software_statement;
    },
    client(clientOptions) {
      const client = createDcrClient({
        baseUrl: sim.url,
        store: memoryStore(),
        deviceInfo: DEVICE_INFO,
        ...clientOptions,
      });
      clients.push(client);
      return client;
    },
    counts() {
      const stats = sim.simulator.stats();
      return {
        register: stats.requests.register,
        token: stats.requests.token,
        api: stats.requests.api,
        registrations: stats.registrations.total,
      };
    },
  };
}

/** Resolves when the client's state satisfies `predicate` (polling the actor; bounded). */
export async function waitForState(
  client: DcrClient,
  predicate: (state: DcrClient['state']) => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(client.state)) {
    if (Date.now() > deadline) throw new Error(`Timed out in state ${client.state}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A clock shifted by `offsetMs` from the real one (a device whose time moved on). */
export function offsetClock(offsetMs: () => number): Clock {
  return { ...systemClock, now: () => Date.now() + offsetMs() };
}

/** A store whose entry can be inspected and tampered with between runs. */
export function inspectableStore(): CredentialStore & { raw(): Promise<string | null> } {
  const store = memoryStore();
  return {
    ...store,
    async raw() {
      return (await store.get())?.value ?? null;
    },
  };
}

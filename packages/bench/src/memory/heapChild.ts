// Child process of the memory bench (run with --expose-gc): builds N things of one kind and prints, as one JSON line,
// how much the heap grew per thing. One kind per process, so nothing another measurement left behind is counted.
// Usage: node --expose-gc --conditions=@dcrflow/source heapChild.ts <mode> <n>
import {
  type CredentialStore,
  createDcrClient,
  createHibernation,
  dcrLifecycleMachine,
  memoryStore,
} from '@dcrflow/core';
import { createClientPool } from '@dcrflow/node';
import { createDcrHttp } from '@dcrflow/protocol';
import { startSimulator } from '@dcrflow/simulator/node';
import { createActor } from 'xstate';

const mode = process.argv[2] ?? '';
const n = Number(process.argv[3]);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('Run with --expose-gc.');
if (!Number.isInteger(n) || n <= 0) throw new Error('usage: heapChild.ts <mode> <n>');

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const { url, simulator, close } = await startSimulator({ port: 0, throttle: false });
const { software_statement: statement } = await simulator.mintSoftwareStatement();

// One real stored record (credentials + token from the simulator), as the template of every device's record.
const probe = memoryStore();
const probeClient = createDcrClient({ baseUrl: url, softwareStatement: statement, store: probe });
await probeClient.getAccessToken();
probeClient.stop();
const template = JSON.parse((await probe.get())?.value ?? 'null') as {
  credentials: { clientId: string; clientSecret: string };
  token: { accessToken: string; expiresAt: number };
};

/** Device i's record: the template with the last 8 characters of each secret replaced, so every value is distinct. */
function recordFor(i: number): string {
  const suffix = String(i).padStart(8, '0');
  const swap = (value: string) => value.slice(0, -8) + suffix;
  return JSON.stringify({
    ...template,
    credentials: {
      ...template.credentials,
      clientId: swap(template.credentials.clientId),
      clientSecret: swap(template.credentials.clientSecret),
    },
    token: { ...template.token, accessToken: swap(template.token.accessToken) },
  });
}

const requestsBefore = simulator.stats().requests.total;
const keep: unknown[] = [];
const result: Record<string, number | string> = { mode, n };
const started = performance.now();

async function warmPool(maxActiveClients: number | undefined): Promise<void> {
  const h0 = heap();
  const stores = new Map<string, CredentialStore>();
  for (let i = 0; i < n; i++) {
    const store = memoryStore();
    await store.set(recordFor(i), { expectedVersion: null });
    stores.set(`device-${i}`, store);
  }
  const h1 = heap();
  const pool = createClientPool({
    baseUrl: url,
    softwareStatement: statement,
    store: (deviceKey) => stores.get(deviceKey)!,
    idleTimeoutMs: 3_600_000,
    ...(maxActiveClients === undefined ? {} : { maxActiveClients }),
  });
  const warmStarted = performance.now();
  for (let i = 0; i < n; i += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, n - i) }, (_, j) => pool.getAccessToken(`device-${i + j}`));
    await Promise.all(batch);
  }
  result.warmMs = performance.now() - warmStarted;
  await new Promise((resolve) => setTimeout(resolve, 50));
  const h2 = heap();
  keep.push(pool, stores);
  result.live = pool.size;
  result.hibernating = pool.hibernating;
  result.perDevice = (h2 - h0) / n;
  result.storesPerDevice = (h1 - h0) / n;
  result.clientsPerDevice = (h2 - h1) / n;
}

async function each(make: (i: number) => unknown): Promise<void> {
  make(-1); // first use loads modules and caches outside the measurement
  const h0 = heap();
  for (let i = 0; i < n; i++) keep.push(make(i));
  const h1 = heap();
  result.perDevice = (h1 - h0) / n;
}

switch (mode) {
  case 'map': {
    const h0 = heap();
    const map = new Map<string, { clientId: string; secret: string; token: string; expiresAt: number }>();
    for (let i = 0; i < n; i++) {
      const record = JSON.parse(recordFor(i)) as typeof template;
      map.set(`device-${i}`, {
        clientId: record.credentials.clientId,
        secret: record.credentials.clientSecret,
        token: record.token.accessToken,
        expiresAt: record.token.expiresAt,
      });
    }
    const h1 = heap();
    keep.push(map);
    result.perDevice = (h1 - h0) / n;
    break;
  }
  case 'pool-live':
    await warmPool(n + 1);
    break;
  case 'pool-bounded':
    await warmPool(undefined);
    break;
  case 'part-store':
    await each(() => memoryStore());
    break;
  case 'part-record': {
    const h0 = heap();
    for (let i = 0; i < n; i++) {
      const store = memoryStore();
      await store.set(recordFor(i), { expectedVersion: null });
      keep.push(store);
    }
    result.perDevice = (heap() - h0) / n;
    break;
  }
  case 'part-http':
    await each(() => createDcrHttp({ baseUrl: url }));
    break;
  case 'part-provide':
    await each(() => dcrLifecycleMachine.provide({}));
    break;
  case 'part-actor':
    await each(() => createActor(dcrLifecycleMachine).start());
    break;
  case 'part-client':
    await each(() => createDcrClient({ baseUrl: url, softwareStatement: statement, store: memoryStore() }));
    break;
  case 'part-actor-idle': {
    // The XState actor alone, idle in `tokenValid` with its refresh timer, as a pooled client's is: the exported
    // machine (inert actors) given the facts a warm start reads from the store. Shared strings: structure only.
    const now = Date.now();
    const credentials = { clientId: 'client', secretFingerprint: 'fingerprint', issuedAt: null };
    const token = {
      fingerprint: 'fingerprint',
      tokenType: 'bearer',
      obtainedAt: now,
      refreshAt: now + 3_600_000,
      expiresAt: now + 7_200_000,
    };
    await each(() => {
      const actor = createActor(dcrLifecycleMachine, { input: { now } }).start();
      actor.send({ type: 'STORE.LOADED', at: now, credentials, token });
      return actor;
    });
    break;
  }
  case 'part-client-idle':
  case 'part-client-asleep': {
    // A started client without a pool, idle in `tokenValid`, warm from its own store (the stores are built first and
    // not counted): what one live client costs apart from the pool's bookkeeping. `asleep`: with a shared
    // hibernation, as a pool's clients have, so the client has dropped its actor; `idle`: without, awake.
    const hibernation = mode === 'part-client-asleep' ? createHibernation() : undefined;
    const stores: CredentialStore[] = [];
    for (let i = 0; i < n; i++) {
      const store = memoryStore();
      await store.set(recordFor(i), { expectedVersion: null });
      stores.push(store);
    }
    const clients: Array<ReturnType<typeof createDcrClient>> = [];
    const h0 = heap();
    for (let i = 0; i < n; i += 1_000) {
      const batch = stores.slice(i, i + 1_000).map((store) => {
        const client = createDcrClient({
          baseUrl: url,
          softwareStatement: statement,
          store,
          ...(hibernation === undefined ? {} : { hibernation }),
        });
        clients.push(client);
        return client.getAccessToken();
      });
      await Promise.all(batch);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    keep.push(stores, clients, hibernation);
    result.perDevice = (heap() - h0) / n;
    result.hibernating = clients.filter((client) => client.hibernating).length;
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}

result.ms = performance.now() - started;
result.requests = simulator.stats().requests.total - requestsBefore;
process.stdout.write(`${JSON.stringify(result)}\n`);
await close();
process.exit(0);

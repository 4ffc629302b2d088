// Secret scan: full lifecycles with known secret values — the software statements we mint, and every client secret,
// access token and Basic credential the simulator hands out (captured from the wire by a recording fetch) — driven
// through the good and the bad paths (refreshes, 503, 429, malformed answers, lost credentials, revocation, a hostile
// server echoing what it was sent, network errors carrying the request, bad options, the CLI's error paths). Every
// output channel is recorded: console, errors (message, stack, toJSON, cause chain), client events, raw XState
// inspection events (every string reachable from them), @dcrflow/inspect wire events and JSONL recordings, CLI
// stdout/stderr (in-process and the real bin). The test fails if any secret, or any 24-character piece of one, shows
// up unredacted. Stores are the one place allowed to hold secrets, and `dcrflow token`'s stdout prints the token by
// design: neither is scanned.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { createDcrClient, type DcrClient, type DcrClientOptions, memoryStore } from '@dcrflow/core';
import { createInspectorBridge, memoryTransport, toJsonl } from '@dcrflow/inspect';
import { fileRecorder } from '@dcrflow/inspect/node';
import { createDcrHttp } from '@dcrflow/protocol';
import { type RunningSimulator, startSimulator } from '@dcrflow/simulator/node';
import { main } from 'dcrflow';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createActor, createMachine, type InspectionEvent } from 'xstate';
import { SecretScanner } from './support/SecretScanner.ts';

const DEVICE_INFO = { model: 'scan', version: '1', osName: 'Linux', osVersion: '6', connectionType: 'LAN' } as const;
const CLI_BIN = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url));
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

const scanner = new SecretScanner();
// Saved before console is spied on, so the test's own summary is printed rather than scanned.
const print = console.log.bind(console);
let sim: RunningSimulator;
let work: string;
const realFetch = globalThis.fetch;

/**
 * Passes requests to the real fetch and learns every secret on the wire: client secrets and access tokens in DCR
 * answers (also the half that survives a 'malformed' answer), Basic credentials in Authorization headers.
 */
const recordingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const authorization = request.headers.get('authorization');
  if (authorization !== null) scanner.addSecret('Authorization value', authorization.replace(/^(Basic|Bearer) /, ''));
  const response = await realFetch(request);
  const path = new URL(request.url).pathname;
  if ((path === '/o/client/register' || path === '/o/client/token') && response.ok) {
    const text = await response.clone().text();
    try {
      const body = JSON.parse(text) as { client_secret?: unknown; access_token?: unknown };
      scanner.addSecret('client_secret', body.client_secret);
      scanner.addSecret('access_token', body.access_token);
    } catch {
      // The half of an answer a 'malformed' fault let through: a cut client secret, or a cut access token — whose
      // header and claims are shared boilerplate, so only a piece of its signature would be a secret.
      for (const [, field, value = ''] of text.matchAll(/"(client_secret|access_token)":"([^"]*)/g)) {
        const signature = value.split('.')[2];
        if (field === 'client_secret')
          scanner.addSecret('client_secret (the half a malformed answer delivered)', value);
        else scanner.addSecret('access token signature (the part a malformed answer delivered)', signature);
      }
    }
  }
  return response;
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0, throttle: false });
  work = await mkdtemp(join(tmpdir(), 'dcrflow-secret-scan-'));
  globalThis.fetch = recordingFetch;
  for (const method of CONSOLE_METHODS) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) =>
      scanner.record(`console.${method}`, format(...args)),
    );
  }
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  vi.restoreAllMocks();
  await sim.close();
  await rm(work, { recursive: true, force: true });
});

async function mint(): Promise<{ statement: string; softwareId: string }> {
  const { software_statement, software_id } = await sim.simulator.mintSoftwareStatement();
  scanner.addSecret('software statement', software_statement);
  return { statement: software_statement, softwareId: software_id };
}

/** Runs `action` and records what it throws (it may also succeed: then there is nothing to record). */
async function recordError(channel: string, action: () => unknown): Promise<unknown> {
  try {
    await action();
    return undefined;
  } catch (error) {
    scanner.record(`error: ${channel}`, error);
    if (typeof (error as { toJSON?: unknown }).toJSON === 'function') {
      scanner.record(`error.toJSON(): ${channel}`, (error as { toJSON(): unknown }).toJSON());
    }
    return error;
  }
}

/** Every client event, recorded as it happens. */
function listen(client: DcrClient, name: string): void {
  for (const event of ['reauthenticationRequired', 'revoked', 'stateChange', 'error'] as const) {
    client.on(event, (payload) => scanner.record(`client event ${event} (${name})`, payload));
  }
}

const expireServerSide = () => sim.simulator.advanceClock(21_601);
const api = () => `${sim.url}/api/v2/scan/configuration`;

/** Fails with every leak found in the outputs recorded from `from` on; prints what was scanned. */
function expectNoLeaks(what: string, from: number): void {
  const outputs = scanner.outputs.slice(from);
  const leaks = scanner.scan(outputs);
  const channels = new Set(outputs.map((output) => output.channel.replace(/ \(.*\)$|: .*$/, '')));
  const bytes = outputs.reduce((sum, output) => sum + output.text.length, 0);
  const consoleCalls = outputs.filter((output) => output.channel.startsWith('console.')).length;
  print(
    `secret scan (${what}): ${scanner.secretCount} known secrets (${Object.entries(scanner.secretKinds())
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')}); ${outputs.length} outputs from ${channels.size} kinds of channel (${[...channels].join(', ')}), ` +
      `${(bytes / 1e6).toFixed(2)} MB scanned, ${consoleCalls} console calls among them; leaks: ${leaks.length}`,
  );
  expect(leaks.map((leak) => `${leak.how} ${leak.kind} ${leak.secret} in ${leak.channel}: …${leak.excerpt}…`)).toEqual(
    [],
  );
}

it('library: no secret appears unredacted in logs, errors, client events, XState inspection, wire events or recordings', {
  timeout: 60_000,
}, async () => {
  const from = scanner.outputs.length;
  // ---- inspection: raw XState events, wire events in memory, and a JSONL recording on disk ----------------------
  const rawInspection: InspectionEvent[] = [];
  const wire = memoryTransport();
  const recordingPath = join(work, 'recording.jsonl');
  const recorder = fileRecorder({ path: recordingPath });
  const bridges = [createInspectorBridge({ transport: wire }), createInspectorBridge({ transport: recorder })];
  const inspect = (event: InspectionEvent) => {
    rawInspection.push(event);
    for (const bridge of bridges) bridge.inspect(event);
  };

  // ---- client A: the main lifecycle ------------------------------------------------------------------------------
  const first = await mint();
  const a = createDcrClient({
    baseUrl: sim.url,
    softwareStatement: first.statement,
    store: memoryStore(),
    deviceInfo: DEVICE_INFO,
    inspect,
    random: () => 0.1,
    waitTimeoutMs: 20_000,
  });
  listen(a, 'A');
  await a.getAccessToken();
  expect((await a.fetch(api())).status).toBe(200);
  // A refresh forced by the server (401 access_token_expired), then one through 503, 429 and a malformed answer.
  expireServerSide();
  expect((await a.fetch(api())).status).toBe(200);
  sim.simulator.injectFault({ kind: 'error', endpoint: 'token', count: 1 });
  sim.simulator.injectFault({ kind: 'throttle', endpoint: 'token', count: 1 });
  sim.simulator.injectFault({ kind: 'malformed', endpoint: 'token', count: 1 });
  expireServerSide();
  expect((await a.fetch(api())).status).toBe(200);
  // Lost credentials, with the first re-registration answer malformed (half a client secret on the wire).
  sim.simulator.deleteClient(a.actor.getSnapshot().context.clientId!);
  sim.simulator.injectFault({ kind: 'malformed', endpoint: 'register', count: 1 });
  expireServerSide();
  expect((await a.fetch(api())).status).toBe(200);
  // Revocation: client.fetch ends in a RevokedError; a new statement brings the client back; then a reset.
  sim.simulator.revokeSoftwareStatement(first.softwareId);
  expireServerSide();
  await recordError('client.fetch after revocation', () => a.fetch(api()));
  await recordError('getAccessToken while revoked', () => a.getAccessToken());
  const second = await mint();
  a.setSoftwareStatement(second.statement);
  await a.getAccessToken();
  await a.reset();
  await a.getAccessToken();
  await recordError('setSoftwareStatement(blank)', () => a.setSoftwareStatement('   '));
  a.stop();
  await recordError('getAccessToken after stop', () => a.getAccessToken());

  // ---- client B: Basic auth against a hostile server that echoes what it receives, and a leaky network ----------
  const third = await mint();
  let hostility: 'none' | 'network' | 'echo-token' | 'echo-register' = 'none';
  const hostileFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const sent = `${await request.clone().text()} ${request.headers.get('authorization') ?? ''}`;
    if (hostility === 'network' && path.startsWith('/o/client/')) {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error(`socket hang up after sending ${sent}`), { code: 'ECONNRESET' }),
      });
    }
    const echo = (status: number, error: string) =>
      new Response(JSON.stringify({ error, error_description: `You sent ${sent} for ${third.statement}` }), {
        status,
        headers: { 'content-type': 'application/json', 'x-echo': sent.slice(0, 2_000) },
      });
    if (hostility === 'echo-token' && path === '/o/client/token') return echo(400, 'invalid_request');
    if (hostility === 'echo-register' && path === '/o/client/register') return echo(400, 'invalid_software_statement');
    return recordingFetch(request);
  };
  const bOptions: DcrClientOptions = {
    baseUrl: sim.url,
    softwareStatement: third.statement,
    store: memoryStore(),
    deviceInfo: DEVICE_INFO,
    tokenAuthMethod: 'client_secret_basic',
    fetch: hostileFetch,
    inspect,
    random: () => 0.1,
    waitTimeoutMs: 2_500,
  };
  const b = createDcrClient(bOptions);
  listen(b, 'B');
  await b.getAccessToken();
  hostility = 'network';
  expireServerSide();
  await recordError('client.fetch with a network failure carrying the request', () => b.fetch(api()));
  hostility = 'echo-token';
  await recordError('getAccessToken against a server echoing the token request', () => b.getAccessToken());
  hostility = 'echo-register';
  await b.reset();
  await recordError('getAccessToken against a server echoing the statement', () => b.getAccessToken());
  b.stop();

  // ---- bad input: options and protocol calls carrying secrets --------------------------------------------------
  const secret = a.actor.getSnapshot().context.secretFingerprint; // a fingerprint, never the secret
  expect(secret).toMatch(/^‹redacted:[0-9a-f]{4}›$/);
  const badOptions: Array<[string, Record<string, unknown>]> = [
    ['unknown option named like a secret', { clientSecret: third.statement }],
    ['deviceInfo that is not a valid header', { deviceInfo: third.statement }],
    ['baseUrl with the statement in it', { baseUrl: `ftp://example.com/${third.statement}` }],
    ['redirectUri that is not a string', { redirectUri: { statement: third.statement } }],
  ];
  for (const [what, extra] of badOptions) {
    await recordError(`createDcrClient: ${what}`, () =>
      createDcrClient({
        baseUrl: sim.url,
        softwareStatement: third.statement,
        store: memoryStore(),
        ...extra,
      } as never),
    );
  }
  const http = createDcrHttp({ baseUrl: sim.url, deviceInfo: DEVICE_INFO });
  const wrongSecret = `wrong-secret-${'x'.repeat(24)}-${Date.now()}`;
  scanner.addSecret('client_secret (wrong)', wrongSecret);
  const registered = await http.register({ softwareStatement: third.statement });
  await recordError('requestToken with a wrong secret', () =>
    http.requestToken({ clientId: registered.clientId, clientSecret: wrongSecret }),
  );
  const tampered = `${third.statement.slice(0, -6)}AAAAAA`;
  scanner.addSecret('software statement (tampered)', tampered);
  await recordError('register with a tampered statement', () => http.register({ softwareStatement: tampered }));

  // ---- issue 13: secrets embedded in longer strings, keys, URLs, errors and event types reach the bridges ----------
  // Real values of this run: an access token (a JWT), a client secret (opaque) and a statement. The redactor used to
  // catch only whole-string JWTs and keys containing "secret"/"token"; these shapes passed it.
  const jwt = scanner.sample('access_token')!;
  const opaque = scanner.sample('client_secret')!;
  const embedded = {
    newline: `${jwt}\n`,
    padded: ` ${third.statement}`,
    fragment: `https://app.example/cb#access_token=${jwt}&state=1`,
    query: `https://api.example/v1?api_key=${opaque}`,
    sentence: `The server rejected ${third.statement} today.`,
    failure: new Error(`Registration failed for ${jwt}`),
    keyed: { [jwt]: true },
    url: new URL(`https://app.example/cb#id_token=${jwt}`),
    custom: { toJSON: () => `serialised ${jwt}` },
    log: `GET /api Authorization: Bearer ${opaque} 200`,
    apiKey: opaque,
    headers: { 'x-api-key': opaque },
    credential: opaque,
    body: `400 {"client_secret":"${opaque}"}`,
    form: `client_id=c&client_secret=${opaque}`,
    // Harmless values stay readable (checked below): they are not secrets.
    tokenType: 'bearer',
    tokenCount: '7',
  };
  for (const bridge of bridges) bridge.mark('issue 13: embedded secrets', embedded);
  const echo = createActor(createMachine({ id: 'echo', initial: 'on', states: { on: { on: { '*': 'on' } } } }), {
    inspect: (event) => {
      for (const bridge of bridges) bridge.inspect(event);
    },
  });
  echo.start();
  echo.send({ type: `TOKEN ${jwt}` });
  echo.send({ type: 'NOTE', url: new URL(`https://x.example/#access_token=${jwt}`), apiKey: opaque });
  echo.stop();
  const marked = wire.events().find((event) => event.kind === 'meta' && event.label === 'issue 13: embedded secrets');
  expect(marked).toMatchObject({ data: { tokenType: 'bearer', tokenCount: '7' } });

  // ---- inspection outputs ------------------------------------------------------------------------------------------
  scanner.recordReachable(`XState inspection events (${rawInspection.length}, every reachable string)`, rawInspection);
  for (const bridge of bridges) await bridge.close();
  for (const event of wire.events()) scanner.record(`wire event ${event.kind}`, JSON.stringify(event));
  scanner.record('JSONL recording (toJsonl)', toJsonl(wire.events()));
  scanner.record('JSONL recording (fileRecorder)', await readFile(recordingPath, 'utf8'));

  // The scan can fail: a planted piece of a real client secret is found.
  const known = scanner.sample('client_secret')!;
  expect(scanner.scan([{ channel: 'self-check', text: `prefix ${known.slice(3, 30)} suffix` }])).toHaveLength(1);
  expect(scanner.secretKinds().client_secret).toBeGreaterThanOrEqual(5);
  expect(scanner.secretKinds().access_token).toBeGreaterThanOrEqual(5);
  expectNoLeaks('library', from);
});

it('CLI: no secret appears unredacted on stdout or stderr of status, reset and every error path (in-process and as a process)', {
  timeout: 60_000,
}, async () => {
  const from = scanner.outputs.length;
  const tampered = `${(await mint()).statement.slice(0, -6)}AAAAAA`;
  scanner.addSecret('software statement (tampered)', tampered);
  const wrongSecret = `wrong-secret-${'y'.repeat(24)}-${Date.now()}`;
  scanner.addSecret('client_secret (wrong)', wrongSecret);
  // ---- the CLI, in-process ---------------------------------------------------------------------------------------
  const cliStatement = await mint();
  const home = join(work, 'home');
  const env = { HOME: home, DCRFLOW_BASE_URL: sim.url, DCRFLOW_SOFTWARE_STATEMENT: cliStatement.statement };
  async function cli(args: string[], options: { extraEnv?: Record<string, string> } = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const stdin = new PassThrough();
    stdin.end();
    const code = await main(args, {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      stdin,
      env: { ...env, ...options.extraEnv },
      homedir: home,
      cwd: work,
    });
    const name = `dcrflow ${args.join(' ').replaceAll(cliStatement.statement, '<statement>')}`;
    // A successful `token` prints the access token by design: that stdout is the one output not scanned.
    if (!(args[0] === 'token' && code === 0)) scanner.record(`CLI stdout: ${name}`, out.join(''));
    scanner.record(`CLI stderr: ${name}`, err.join(''));
    return { code, stdout: out.join('') };
  }
  expect((await cli(['token'])).code).toBe(0);
  expect((await cli(['token', '--json'])).code).toBe(0);
  expect((await cli(['status'])).code).toBe(0);
  expect((await cli(['status', '--json'])).code).toBe(0);
  expect((await cli(['status', '--refresh', '--json'])).code).toBe(0);
  await cli(['reset']); // refuses without --yes when nobody can confirm
  expect((await cli(['reset', '--yes'])).code).toBe(0);
  expect((await cli(['token'])).code).toBe(0);
  // Error paths, each with secrets in reach: on the command line, in the environment, in the cache.
  await cli(['token', '--base-url', 'http://127.0.0.1:1'], { extraEnv: { DCRFLOW_DEBUG: '1' } });
  await cli(['token', '--software-statement', tampered, '--json'], { extraEnv: { DCRFLOW_DEBUG: '1' } });
  await cli(['token', cliStatement.statement]);
  await cli(['token', `--software-statement=${cliStatement.statement}`, '--no-such-flag', wrongSecret]);
  await cli(['status', '--store', join(work, 'missing', 'dir', 'file.json'), '--json']);
  sim.simulator.revokeSoftwareStatement(cliStatement.softwareId);
  expireServerSide();
  await cli(['status', '--refresh'], { extraEnv: { DCRFLOW_DEBUG: '1' } });
  await cli(['token', '--json'], { extraEnv: { DCRFLOW_DEBUG: '1' } });
  // A cache file cut in the middle of its secrets.
  const credentialsDir = join(home, '.config', 'dcrflow', 'credentials');
  const [cacheFile] = await readdir(credentialsDir);
  expect(cacheFile).toBeDefined();
  const cachePath = join(credentialsDir, cacheFile!);
  const cached = await readFile(cachePath, 'utf8');
  await writeFile(cachePath, cached.slice(0, Math.floor(cached.length * 0.6)));
  await cli(['status'], { extraEnv: { DCRFLOW_DEBUG: '1' } });
  await cli(['status', '--json']);

  // ---- the CLI as a process ----------------------------------------------------------------------------------------
  for (const args of [
    ['status', '--json'],
    ['token', '--base-url', 'http://127.0.0.1:1'],
  ]) {
    const child = spawn(process.execPath, ['--conditions=@dcrflow/source', '--no-warnings', CLI_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env, DCRFLOW_DEBUG: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const streams = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      streams.stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      streams.stderr += chunk;
    });
    await new Promise((resolve) => child.once('close', resolve));
    scanner.record(`CLI process stdout: dcrflow ${args.join(' ')}`, streams.stdout);
    scanner.record(`CLI process stderr: dcrflow ${args.join(' ')}`, streams.stderr);
  }

  for (const method of CONSOLE_METHODS) vi.mocked(console[method]).mockRestore();
  expectNoLeaks('CLI', from);
});

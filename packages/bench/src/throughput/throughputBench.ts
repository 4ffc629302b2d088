import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, table } from '../report/format.ts';
import { type LoadRequest, type LoadResult, loadTest } from './loadTest.ts';

const CHILD = fileURLToPath(new URL('./serverChild.ts', import.meta.url));
const LOAD = { concurrency: 16, warmupMs: 500, durationMs: 3_000, expectedStatus: 201 } as const;
const ROUNDS = 3;
const JSON_HEADERS = { 'content-type': 'application/json;charset=utf-8', accept: 'application/json' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };

/** Starts a server child and resolves with it and the URL it printed. */
function startServer(kind: 'simulator' | 'bare'): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@dcrflow/source', '--no-warnings', CHILD, kind], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the ${kind} server did not start`)), 15_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening (\S+)/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

const rate = (result: LoadResult) => `${count(result.requestsPerSecond)} req/s`;
const latency = (result: LoadResult) => `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`;
const unexpected = (result: LoadResult) => (result.unexpected === 0 ? '' : `; **${count(result.unexpected)} non-201**`);

/**
 * Simulator throughput on loopback with its throttle off: closed-loop POSTs to the register and token endpoints,
 * beside a bare node:http server answering a fixed JSON to the same requests, in the same run (each server in its own
 * process, the load generator in this one; 2 cores: one each).
 */
export async function throughputBench(): Promise<{ markdown: string; summary: string }> {
  const runs: Record<'register' | 'token' | 'bareRegister' | 'bareToken', LoadResult[]> = {
    register: [],
    token: [],
    bareRegister: [],
    bareToken: [],
  };
  const simulator = await startServer('simulator');
  const bare = await startServer('bare').catch(async (error: unknown) => {
    await stop(simulator.child);
    throw error;
  });
  try {
    const { software_statement } = await postJson(`${simulator.url}/admin/software-statements`, {});
    const registerRequest: LoadRequest = {
      url: `${simulator.url}/o/client/register`,
      headers: JSON_HEADERS,
      body: JSON.stringify({ software_statement }),
    };
    const credentials = await postJson(registerRequest.url, { software_statement });
    const tokenRequest: LoadRequest = {
      url: `${simulator.url}/o/client/token`,
      headers: FORM_HEADERS,
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: String(credentials.client_id),
        client_secret: String(credentials.client_secret),
      }).toString(),
    };
    // Interleaved rounds, so the simulator and its baseline see the same machine conditions.
    for (let round = 0; round < ROUNDS; round++) {
      runs.register.push(await loadTest(registerRequest, LOAD));
      runs.bareRegister.push(await loadTest({ ...registerRequest, url: `${bare.url}/o/client/register` }, LOAD));
      runs.token.push(await loadTest(tokenRequest, LOAD));
      runs.bareToken.push(await loadTest({ ...tokenRequest, url: `${bare.url}/o/client/token` }, LOAD));
    }
  } finally {
    await stop(bare.child);
    await stop(simulator.child);
  }
  const pick = (list: LoadResult[]) => {
    const sorted = [...list].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
    const middle = sorted[Math.floor(sorted.length / 2)]!;
    return { ...middle, unexpected: list.reduce((sum, result) => sum + result.unexpected, 0) };
  };
  const register = pick(runs.register);
  const token = pick(runs.token);
  const bareRegister = pick(runs.bareRegister);
  const bareToken = pick(runs.bareToken);
  const share = (a: LoadResult, b: LoadResult) =>
    `${((a.requestsPerSecond / b.requestsPerSecond) * 100).toFixed(0)} % of the bare server`;
  const rows = [
    [
      'simulator `POST /o/client/register` (verifies the RS256 statement, creates a client)',
      rate(register),
      `${latency(register)}; ${share(register, bareRegister)}${unexpected(register)}`,
    ],
    [
      'baseline: bare node:http, same request, fixed 201 JSON',
      rate(bareRegister),
      `${latency(bareRegister)}${unexpected(bareRegister)}`,
    ],
    [
      'simulator `POST /o/client/token` (checks the credentials, signs an RS256 JWT)',
      rate(token),
      `${latency(token)}; ${share(token, bareToken)}${unexpected(token)}`,
    ],
    [
      'baseline: bare node:http, same request, fixed 201 JSON',
      rate(bareToken),
      `${latency(bareToken)}${unexpected(bareToken)}`,
    ],
  ];
  const markdown = [
    table(['endpoint', 'throughput', 'latency'], rows),
    '',
    `Closed loop: ${LOAD.concurrency} concurrent keep-alive connections (node:http), ${LOAD.warmupMs / 1000} s warm-up discarded, then ${LOAD.durationMs / 1000} s measured; ${ROUNDS} interleaved rounds, the median round shown; throttle off; every counted answer was checked for status 201. The server runs in its own process and the load generator in this one, so on 2 cores each has one; the bare server shows the ceiling of that setup.`,
  ].join('\n');
  const summary = `register ${rate(register)} (bare ${rate(bareRegister)}), token ${rate(token)} (bare ${rate(bareToken)})`;
  return { markdown, summary };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { FaultSpec, RequestLogEntry, SimulatorStats } from '@dcrflow/simulator';

/** The simulator's own bin, run from source (packages/simulator/README.md, "Run it"). */
const SIMULATOR_BIN = fileURLToPath(new URL('../../../simulator/src/node/cli.ts', import.meta.url));

/** A simulator in its own process, driven through its admin API (never throttled, never faulted). */
export interface SimulatorProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  mint(): Promise<{ software_statement: string; software_id: string }>;
  injectFault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  deleteClient(clientId: string): Promise<boolean>;
  stats(): Promise<SimulatorStats>;
  requests(): Promise<RequestLogEntry[]>;
  close(): Promise<void>;
}

/**
 * Starts `dcrflow-simulator` (from source) on an ephemeral port of 127.0.0.1 with `args` (e.g. `--no-throttle`),
 * so the server has a core of its own and a crash of it is visible as a process exit.
 */
export async function startSimulatorProcess(args: readonly string[] = []): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@dcrflow/source', '--no-warnings', SIMULATOR_BIN, '--port', '0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the simulator did not start: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}): ${stderr}`)));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const admin = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await adminRequest(new URL(`/admin${path}`, url), method, body);
    if (response.status >= 500) throw new Error(`admin ${method} ${path} answered ${response.status}`);
    return response;
  };
  return {
    url,
    child,
    stderr: () => stderr,
    mint: async () => (await admin('POST', '/software-statements', {})).json() as never,
    async injectFault(spec) {
      const response = await admin('POST', '/faults', spec);
      if (response.status !== 201) throw new Error(`the fault was refused: ${await response.text()}`);
    },
    async clearFaults() {
      await admin('DELETE', '/faults');
    },
    deleteClient: async (clientId) =>
      (await admin('DELETE', `/clients/${encodeURIComponent(clientId)}`)).status === 204,
    stats: async () => (await admin('GET', '/stats')).json() as Promise<SimulatorStats>,
    requests: async () =>
      ((await (await admin('GET', '/requests')).json()) as { requests: RequestLogEntry[] }).requests,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * One admin request on a connection of its own (`agent: false`), answered as a fetch Response. With fetch's pooled
 * keep-alive connections, a loaded machine made an admin call land on a socket the server was just closing
 * ("fetch failed" in the chaos test); a fresh connection per call cannot race that, and admin calls are few.
 */
function adminRequest(target: URL, method: string, body?: unknown): Promise<Response> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      {
        method,
        agent: false,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 0;
          const text = Buffer.concat(chunks);
          // A Response cannot carry a body with 204/304.
          resolve(new Response(status === 204 || status === 304 ? null : text, { status }));
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

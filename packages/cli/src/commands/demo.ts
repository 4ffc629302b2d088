import type { CommandContext, CommandSpec } from '../args/CommandSpec.ts';
import { OUTPUT_OPTIONS } from '../args/commonOptions.ts';
import { integerOption } from '../args/integerOption.ts';
import { EXIT_CODES, type ExitCode } from '../errors/exitCodes.ts';
import { APP_DIR_OPTION, resolveInspectorApp } from '../inspector/resolveInspectorApp.ts';
import { webSocketImplementation } from '../inspector/webSocketImplementation.ts';
import { writeJson } from '../output/writeJson.ts';
import { waitForAbort } from '../process/waitForAbort.ts';

/** How often the demo client calls the protected API, so the timeline keeps moving between refreshes. */
const API_CALL_EVERY_MS = 15_000;

async function run({ io, values, json }: CommandContext): Promise<ExitCode> {
  const port = integerOption('demo', 'port', values.port, { min: 0, max: 65_535 }, 0);
  const tokenTtlSeconds = integerOption('demo', 'token-ttl', values['token-ttl'], { min: 5, max: 86_400 }, 40);
  const appDir = resolveInspectorApp(values['app-dir'], io.env);
  const [{ startSimulator }, { startInspectorRelay }, inspect, core, { nodeDeviceInfo }] = await Promise.all([
    import('@dcrflow/simulator/node'),
    import('@dcrflow/inspect/node'),
    import('@dcrflow/inspect'),
    import('@dcrflow/core'),
    import('@dcrflow/node/file'),
  ]);

  const log = (line: string) => {
    if (!json) io.stderr.write(`${new Date().toISOString().slice(11, 19)}  ${line}\n`);
  };
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    // A short token lifetime, so expiring → refresh happens every ~lifetime×0.8 s instead of every ~5 h.
    const sim = await startSimulator({ tokenTtlSeconds });
    cleanups.unshift(() => sim.close());
    const relay = await startInspectorRelay({ port, serveStatic: { dir: appDir } });
    cleanups.unshift(() => relay.close());
    const { software_statement: softwareStatement } = await sim.simulator.mintSoftwareStatement({
      client_name: 'dcrflow demo',
    });
    const bridge = inspect.createInspectorBridge({
      // Node ≥ 22 has a global WebSocket, but a runtime without one (an older or embedded Node) would otherwise fail
      // with "no WebSocket implementation here": the CLI ships `ws` for exactly that case.
      transport: inspect.webSocketTransport({ url: relay.wsUrl, WebSocket: await webSocketImplementation() }),
      redact: { secrets: [softwareStatement] },
    });
    cleanups.unshift(() => bridge.close());
    const client = core.createDcrClient({
      baseUrl: sim.url,
      softwareStatement,
      store: core.memoryStore(),
      deviceInfo: nodeDeviceInfo({ applicationId: 'dcrflow-demo' }),
      inspect: bridge.inspect,
      // HTTP records (method, path, status, duration) for the inspector's HTTP lane: the 429s show there.
      fetch: bridge.observeFetch(),
    });
    cleanups.unshift(() => client.stop());
    client.on('stateChange', ({ state, previous }) => log(`client: ${previous} → ${state}`));
    client.on('error', ({ code, message }) => log(`client error [${code}]: ${message}`));

    if (json) {
      writeJson(io.stdout, { inspectorUrl: relay.viewerUrl(), simulatorUrl: sim.url, tokenTtlSeconds });
    } else {
      io.stdout.write(
        [
          '',
          `  dcrflow demo — open the inspector:  ${relay.viewerUrl()}`,
          '',
          `  A live dcrflow client runs against a local DCR simulator (${sim.url}) with ${tokenTtlSeconds} s tokens:`,
          `  watch it go tokenValid → expiring → tokenValid about every ${Math.round(tokenTtlSeconds * 0.8)} s, and call the`,
          `  protected API every ${API_CALL_EVERY_MS / 1000} s. The teaching scenarios are in the inspector's Teaching tab.`,
          '  Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
    }

    const apiUrl = `${sim.url}/api/v2/dcrflow-demo/configuration`;
    const callApi = () =>
      client.fetch(apiUrl).then(
        (response) => log(`GET /api/v2/dcrflow-demo/configuration → ${response.status}`),
        (error: unknown) => log(`API call failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    await client.getAccessToken();
    void callApi();
    const timer = setInterval(callApi, API_CALL_EVERY_MS);
    cleanups.unshift(() => clearInterval(timer));

    await waitForAbort(io.signal);
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
  log('demo stopped.');
  return EXIT_CODES.ok;
}

/**
 * `dcrflow demo`: the simulator, a live dcrflow client with short token lifetimes, the inspector relay and the
 * inspector app — one URL to open (what `npm start` runs).
 *
 * @example
 * ```ts
 * // dcrflow demo --port 4010
 * await demoCommand.run({ io, values: { port: '4010' }, json: false, version, errorContext: { secrets: [] } });
 * ```
 */
export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'Run the simulator, a live client and the inspector; print the one URL to open.',
  description: [
    'Starts a local DCR simulator, a dcrflow client against it with short-lived tokens (so the refresh cycle is',
    'visible within a minute), the inspector relay and the built inspector app on 127.0.0.1, and prints the URL to',
    'open. The client calls a protected API regularly; state changes are logged on stderr. Ctrl-C stops everything.',
    'With --json, prints one line {"inspectorUrl","simulatorUrl","tokenTtlSeconds"} instead.',
  ].join('\n'),
  options: {
    port: { type: 'string', valueName: 'n', description: 'Port of the inspector URL (default 0: any free port).' },
    'token-ttl': { type: 'string', valueName: 'seconds', description: 'Access token lifetime (default 40).' },
    'app-dir': APP_DIR_OPTION,
    ...OUTPUT_OPTIONS,
  },
  examples: ['dcrflow demo', 'dcrflow demo --port 4010 --token-ttl 20'],
  run,
};

import type { CommandContext, CommandSpec } from '../args/CommandSpec.ts';
import { OUTPUT_OPTIONS } from '../args/commonOptions.ts';
import { integerOption } from '../args/integerOption.ts';
import { EXIT_CODES, type ExitCode } from '../errors/exitCodes.ts';
import { APP_DIR_OPTION, resolveInspectorApp } from '../inspector/resolveInspectorApp.ts';
import { writeJson } from '../output/writeJson.ts';
import { waitForAbort } from '../process/waitForAbort.ts';

async function run({ io, values, json }: CommandContext): Promise<ExitCode> {
  const port = integerOption('inspect', 'port', values.port, { min: 0, max: 65_535 }, 0);
  const appDir = resolveInspectorApp(values['app-dir'], io.env);
  // Loaded here so the other commands (and --help) never pay for the relay's WebSocket stack.
  const { startInspectorRelay } = await import('@dcrflow/inspect/node');
  const relay = await startInspectorRelay({ port, serveStatic: { dir: appDir } });
  try {
    if (json) {
      writeJson(io.stdout, { inspectorUrl: relay.viewerUrl(), producerUrl: relay.wsUrl });
    } else {
      io.stdout.write(
        [
          `Inspector: ${relay.viewerUrl()}`,
          '',
          'Stream a dcrflow client (or any XState v5 actor) into it:',
          "  import { createInspectorBridge, webSocketTransport } from '@dcrflow/inspect';",
          `  const bridge = createInspectorBridge({ transport: webSocketTransport({ url: '${relay.wsUrl}' }) });`,
          '  createDcrClient({ …, inspect: bridge.inspect });   // or createActor(machine, { inspect: bridge.inspect })',
          "@statelyai/inspect works too: createWebSocketInspector({ url: '<the same URL>' }).",
          '',
          'The URLs carry a random session token; only 127.0.0.1 is served. Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
    }
    await waitForAbort(io.signal);
  } finally {
    await relay.close();
  }
  if (!json) io.stderr.write('Inspector stopped.\n');
  return EXIT_CODES.ok;
}

/**
 * `dcrflow inspect`: serves the built inspector app with a WebSocket relay on 127.0.0.1, for your own app's client.
 *
 * @example
 * ```ts
 * // dcrflow inspect --port 4020
 * await inspectCommand.run({ io, values: { port: '4020' }, json: false, version, errorContext: { secrets: [] } });
 * ```
 */
export const inspectCommand: CommandSpec = {
  name: 'inspect',
  summary: 'Serve the inspector for your own app: statechart, timeline, context, time travel.',
  description: [
    'Starts the inspector relay on 127.0.0.1 with a random session token, serves the built inspector app from the',
    'same port, and prints the URL to open and the WebSocket URL your app streams to (with @dcrflow/inspect, or',
    "@statelyai/inspect's createWebSocketInspector). Ctrl-C stops it.",
    'With --json, prints one line {"inspectorUrl","producerUrl"} instead.',
  ].join('\n'),
  options: {
    port: { type: 'string', valueName: 'n', description: 'TCP port (default 0: any free port).' },
    'app-dir': APP_DIR_OPTION,
    ...OUTPUT_OPTIONS,
  },
  examples: ['dcrflow inspect', 'dcrflow inspect --port 4020 --json'],
  run,
};

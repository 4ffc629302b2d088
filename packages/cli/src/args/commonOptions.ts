import type { OptionSpec } from './CommandSpec.ts';

/** The Adobe Pass production DCR host (dcr-protocol.md §2); `/o/client/*` is appended by the protocol client. */
export const DEFAULT_BASE_URL = 'https://sp.auth.adobe.com';

/**
 * Options every command accepts.
 *
 * @example
 * ```ts
 * const options = { ...OUTPUT_OPTIONS };
 * ```
 */
export const OUTPUT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', description: 'Machine-readable JSON on stdout.' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};

/**
 * Options of the commands that talk to a DCR server or its credential cache (`token`, `status`, `reset`). Each has an
 * environment variable; the flag wins.
 *
 * @example
 * ```ts
 * const options = { ...CONNECTION_OPTIONS, ...OUTPUT_OPTIONS };
 * ```
 */
export const CONNECTION_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'base-url': {
    type: 'string',
    valueName: 'url',
    env: 'DCRFLOW_BASE_URL',
    description: `DCR server base URL (default ${DEFAULT_BASE_URL}).`,
  },
  'software-statement': {
    type: 'string',
    valueName: 'jwt',
    env: 'DCRFLOW_SOFTWARE_STATEMENT',
    description: 'The software statement (a JWT from the TVE Dashboard, or from dcrflow simulate).',
  },
  'software-statement-file': {
    type: 'string',
    valueName: 'path',
    env: 'DCRFLOW_SOFTWARE_STATEMENT_FILE',
    description: "Read the software statement from a file ('-' reads stdin).",
  },
  store: {
    type: 'string',
    valueName: 'path',
    env: 'DCRFLOW_STORE',
    description: 'Credentials file (default: one per base URL and software id in the config directory).',
  },
};

import {
  ConfigurationError,
  type DcrHttpOptions,
  type ResolvedHttpOptions,
  resolveHttpOptions,
} from '@dcrflow/protocol';
import { MAX_TIMER_MS } from '../clock/MAX_TIMER_MS.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../machine/retryDelay.ts';
import type { Clock } from '../ports/Clock.ts';
import type { Coordinator } from '../ports/Coordinator.ts';
import type { CredentialStore } from '../ports/CredentialStore.ts';
import type { PlatformSignals } from '../ports/PlatformSignals.ts';
import type { Hibernation } from './createHibernation.ts';
import { parseFetchOrigins } from './fetchOriginPolicy.ts';
import type { DcrClientOptions } from './types.ts';

const KNOWN_OPTIONS = [
  'baseUrl',
  'softwareStatement',
  'store',
  'deviceInfo',
  'redirectUri',
  'userAgent',
  'forwardedFor',
  'refreshLeadSeconds',
  'clock',
  'fetch',
  'coordinator',
  'inspect',
  'endpoints',
  'registrationMetadata',
  'tokenAuthMethod',
  'signals',
  'waitTimeoutMs',
  'requestTimeoutMs',
  'retryPolicy',
  'random',
  'fetchOrigins',
  'hibernation',
] as const satisfies readonly (keyof DcrClientOptions)[];

/** Options after validation, with defaults applied where core needs them. */
export interface ValidatedOptions {
  /**
   * The HTTP options (baseUrl, fetch, deviceInfo, userAgent, forwardedFor, endpoints, tokenAuthMethod,
   * requestTimeoutMs), checked by @dcrflow/protocol's `resolveHttpOptions` — the one validator of those options —
   * and handed to `createDcrHttp` as they are.
   */
  readonly http: ResolvedHttpOptions;
  /** The origin of `baseUrl`: `client.fetch()` may send the token there (fetchOriginPolicy.ts). */
  readonly baseOrigin: string;
  readonly softwareStatement: string | (() => string | Promise<string>);
  readonly store: CredentialStore;
  readonly redirectUri: string | undefined;
  readonly refreshLeadSeconds: number | null;
  readonly clock: Clock | undefined;
  readonly coordinator: Coordinator | undefined;
  readonly inspect: DcrClientOptions['inspect'];
  readonly registrationMetadata: Record<string, unknown> | undefined;
  readonly signals: PlatformSignals | undefined;
  readonly waitTimeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  readonly random: () => number;
  /** Origins besides the baseUrl's that `client.fetch()` may send the token to (see fetchOriginPolicy.ts). */
  readonly fetchOrigins: readonly string[];
  /** Where the client sleeps once idle in `tokenValid` (createHibernation.ts); `undefined`: it never sleeps. */
  readonly hibernation: Hibernation | undefined;
}

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/**
 * Throws the `ConfigurationError` for a bad option. The explanation is built only outside production builds: every
 * call passes `process.env.NODE_ENV !== 'production' && …`, which bundlers fold to `false`, dropping the text
 * (decision 0015). A production build still throws the same error, naming the code and the option.
 */
const fail = (option: string, message: string | false): never => {
  throw ConfigurationError.forOption(option, message);
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function optionalString(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    fail(name, process.env.NODE_ENV !== 'production' && `${name} must be a non-empty string; got ${describe(value)}.`);
  return value as string;
}

function optionalNumber(options: Record<string, unknown>, name: string, check: (n: number) => boolean, rule: string) {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
    fail(
      name,
      process.env.NODE_ENV !== 'production' &&
        `${name} must be ${rule}; got ${typeof value === 'number' ? String(value) : describe(value)}.`,
    );
  }
  return value as number;
}

function requireMethods<T>(name: string, value: unknown, methods: readonly string[], hint: string): T {
  if (typeof value !== 'object' || value === null)
    fail(
      name,
      process.env.NODE_ENV !== 'production' &&
        `${name} must be an object with ${methods.join(', ')}; got ${describe(value)}. ${hint}`,
    );
  const missing = methods.filter((method) => typeof (value as Record<string, unknown>)[method] !== 'function');
  if (missing.length > 0)
    fail(
      name,
      process.env.NODE_ENV !== 'production' &&
        `${name} is missing the method${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ${hint}`,
    );
  return value as T;
}

/**
 * Validates `createDcrClient` options up front so a mistake is a clear `ConfigurationError` at construction time,
 * never a hang or an obscure failure later. Messages name the option and never echo secrets.
 */
export function validateOptions(input: unknown): ValidatedOptions {
  if (!isPlainObject(input))
    fail(
      'options',
      process.env.NODE_ENV !== 'production' && `createDcrClient expects an options object; got ${describe(input)}.`,
    );
  const options = input as Record<string, unknown>;
  const unknown = Object.keys(options).filter((key) => !(KNOWN_OPTIONS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    fail(
      `option ${unknown.join(', ')} (unknown)`,
      process.env.NODE_ENV !== 'production' &&
        `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')}; known options are ${KNOWN_OPTIONS.join(', ')}.`,
    );
  }

  // The HTTP options first (baseUrl is the first thing to get right), by the protocol's own validator: one set of
  // rules and messages for createDcrClient and createDcrHttp. Only requestTimeoutMs is checked here too, with the
  // same bounds, so that its message names the option the caller wrote (the protocol calls it timeoutMs).
  const requestTimeoutMs = optionalNumber(
    options,
    'requestTimeoutMs',
    (n) => n > 0 && n <= MAX_TIMER_MS,
    `a number of milliseconds > 0 and ≤ ${MAX_TIMER_MS}`,
  );
  const http = resolveHttpOptions({
    baseUrl: options.baseUrl,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.deviceInfo === undefined ? {} : { deviceInfo: options.deviceInfo }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    ...(options.forwardedFor === undefined ? {} : { forwardedFor: options.forwardedFor }),
    ...(options.endpoints === undefined ? {} : { endpoints: options.endpoints }),
    ...(options.tokenAuthMethod === undefined ? {} : { tokenAuthMethod: options.tokenAuthMethod }),
    ...(requestTimeoutMs === undefined ? {} : { timeoutMs: requestTimeoutMs }),
  } as DcrHttpOptions);

  const softwareStatement = options.softwareStatement;
  if (softwareStatement === undefined)
    fail(
      'softwareStatement',
      process.env.NODE_ENV !== 'production' &&
        'softwareStatement is required: the JWT from the TVE Dashboard, or a function that returns it.',
    );
  if (typeof softwareStatement === 'string') {
    if (softwareStatement.trim() === '')
      fail('softwareStatement', process.env.NODE_ENV !== 'production' && 'softwareStatement must not be empty.');
  } else if (typeof softwareStatement !== 'function') {
    fail(
      'softwareStatement',
      process.env.NODE_ENV !== 'production' &&
        `softwareStatement must be a string or a function returning one; got ${describe(softwareStatement)}.`,
    );
  }

  if (options.store === undefined)
    fail(
      'store',
      process.env.NODE_ENV !== 'production' &&
        'store is required, e.g. memoryStore() from @dcrflow/core or a persistent adapter store.',
    );
  const store = requireMethods<CredentialStore>(
    'store',
    options.store,
    ['get', 'set', 'delete'],
    'See the CredentialStore interface.',
  );
  const clock =
    options.clock === undefined
      ? undefined
      : requireMethods<Clock>(
          'clock',
          options.clock,
          ['now', 'setTimeout', 'clearTimeout'],
          'See the Clock interface.',
        );
  const coordinator =
    options.coordinator === undefined
      ? undefined
      : requireMethods<Coordinator>(
          'coordinator',
          options.coordinator,
          ['withLock', 'broadcast'],
          'See the Coordinator interface.',
        );
  if (coordinator !== undefined && coordinator.subscribe !== undefined && typeof coordinator.subscribe !== 'function') {
    fail(
      'coordinator.subscribe',
      process.env.NODE_ENV !== 'production' &&
        `coordinator.subscribe must be a function when present; got ${describe(coordinator.subscribe)}. See the Coordinator interface.`,
    );
  }
  const signals =
    options.signals === undefined
      ? undefined
      : requireMethods<PlatformSignals>(
          'signals',
          options.signals,
          ['subscribe'],
          'See the PlatformSignals interface.',
        );

  if (options.random !== undefined && typeof options.random !== 'function')
    fail(
      'random',
      process.env.NODE_ENV !== 'production' && `random must be a function; got ${describe(options.random)}.`,
    );
  const hibernation =
    options.hibernation === undefined
      ? undefined
      : requireMethods<Hibernation>(
          'hibernation',
          options.hibernation,
          ['sleep', 'cancel'],
          'Create it with createHibernation().',
        );
  const inspect = options.inspect;
  if (
    inspect !== undefined &&
    typeof inspect !== 'function' &&
    !(isPlainObject(inspect) && typeof (inspect as { next?: unknown }).next === 'function')
  ) {
    fail(
      'inspect',
      process.env.NODE_ENV !== 'production' &&
        `inspect must be a function or an observer with next(); got ${describe(inspect)}.`,
    );
  }

  const registrationMetadata = options.registrationMetadata;
  if (registrationMetadata !== undefined && !isPlainObject(registrationMetadata)) {
    fail(
      'registrationMetadata',
      process.env.NODE_ENV !== 'production' &&
        `registrationMetadata must be a plain object; got ${describe(registrationMetadata)}.`,
    );
  }
  if (isPlainObject(registrationMetadata) && 'software_statement' in registrationMetadata) {
    fail(
      'registrationMetadata',
      process.env.NODE_ENV !== 'production' &&
        'registrationMetadata must not contain software_statement: use the softwareStatement option.',
    );
  }

  const refreshLeadSeconds = optionalNumber(options, 'refreshLeadSeconds', (n) => n >= 0, 'a number of seconds ≥ 0');
  const waitTimeoutMs = optionalNumber(options, 'waitTimeoutMs', (n) => n > 0, 'a number of milliseconds > 0');

  const retryPolicy = options.retryPolicy;
  if (retryPolicy !== undefined && !isPlainObject(retryPolicy))
    fail(
      'retryPolicy',
      process.env.NODE_ENV !== 'production' && `retryPolicy must be an object; got ${describe(retryPolicy)}.`,
    );
  const policy: Record<string, unknown> = { ...DEFAULT_RETRY_POLICY };
  for (const [key, value] of Object.entries((retryPolicy ?? {}) as Record<string, unknown>)) {
    if (!(key in DEFAULT_RETRY_POLICY))
      fail(
        `retryPolicy.${key}`,
        process.env.NODE_ENV !== 'production' &&
          `retryPolicy has no option "${key}"; known: ${Object.keys(DEFAULT_RETRY_POLICY).join(', ')}.`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value) || value < (key === 'factor' ? 1 : 0)) {
      fail(
        `retryPolicy.${key}`,
        process.env.NODE_ENV !== 'production' &&
          `retryPolicy.${key} must be a finite number ≥ ${key === 'factor' ? 1 : 0}.`,
      );
    }
    policy[key] = value;
  }

  return {
    http,
    // resolveHttpOptions accepted it, so it parses.
    baseOrigin: new URL(String(options.baseUrl)).origin,
    softwareStatement: softwareStatement as ValidatedOptions['softwareStatement'],
    store,
    redirectUri: optionalString(options, 'redirectUri'),
    refreshLeadSeconds: refreshLeadSeconds ?? null,
    clock,
    coordinator,
    inspect: inspect as ValidatedOptions['inspect'],
    registrationMetadata: registrationMetadata as ValidatedOptions['registrationMetadata'],
    signals,
    waitTimeoutMs: waitTimeoutMs ?? 30_000,
    retryPolicy: policy as unknown as RetryPolicy,
    random: (options.random as (() => number) | undefined) ?? Math.random,
    hibernation,
    fetchOrigins: parseFetchOrigins(options.fetchOrigins),
  };
}

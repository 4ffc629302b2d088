import { ConfigurationError, type DeviceInfo } from '@dcrflow/protocol';
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
  readonly baseUrl: URL;
  readonly softwareStatement: string | (() => string | Promise<string>);
  readonly store: CredentialStore;
  readonly deviceInfo: DeviceInfo | string | undefined;
  readonly redirectUri: string | undefined;
  readonly userAgent: string | undefined;
  readonly forwardedFor: string | undefined;
  readonly refreshLeadSeconds: number | null;
  readonly clock: Clock | undefined;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly coordinator: Coordinator | undefined;
  readonly inspect: DcrClientOptions['inspect'];
  readonly endpoints: { register?: string; token?: string } | undefined;
  readonly registrationMetadata: Record<string, unknown> | undefined;
  readonly tokenAuthMethod: 'client_secret_post' | 'client_secret_basic' | undefined;
  readonly signals: PlatformSignals | undefined;
  readonly waitTimeoutMs: number;
  readonly requestTimeoutMs: number | undefined;
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

  const rawBaseUrl = options.baseUrl;
  if (rawBaseUrl === undefined)
    fail('baseUrl', process.env.NODE_ENV !== 'production' && 'baseUrl is required, e.g. "https://sp.auth.adobe.com".');
  if (typeof rawBaseUrl !== 'string' && !(rawBaseUrl instanceof URL))
    fail(
      'baseUrl',
      process.env.NODE_ENV !== 'production' && `baseUrl must be a string or URL; got ${describe(rawBaseUrl)}.`,
    );
  let baseUrl: URL;
  try {
    baseUrl = new URL(String(rawBaseUrl));
  } catch {
    return fail(
      'baseUrl',
      process.env.NODE_ENV !== 'production' && 'baseUrl is not a valid absolute URL, e.g. "https://sp.auth.adobe.com".',
    );
  }
  if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:')
    fail(
      'baseUrl',
      process.env.NODE_ENV !== 'production' && `baseUrl must use http or https; got "${baseUrl.protocol}".`,
    );

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

  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    fail('fetch', process.env.NODE_ENV !== 'production' && `fetch must be a function; got ${describe(options.fetch)}.`);
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

  const deviceInfo = options.deviceInfo;
  if (deviceInfo !== undefined && typeof deviceInfo !== 'string' && !isPlainObject(deviceInfo)) {
    fail(
      'deviceInfo',
      process.env.NODE_ENV !== 'production' &&
        `deviceInfo must be an object or an encoded X-Device-Info string; got ${describe(deviceInfo)}.`,
    );
  }

  const endpoints = options.endpoints;
  if (endpoints !== undefined) {
    if (!isPlainObject(endpoints))
      fail(
        'endpoints',
        process.env.NODE_ENV !== 'production' &&
          `endpoints must be an object { register?, token? }; got ${describe(endpoints)}.`,
      );
    const extra = Object.keys(endpoints as object).filter((key) => key !== 'register' && key !== 'token');
    if (extra.length > 0)
      fail(
        'endpoints',
        process.env.NODE_ENV !== 'production' &&
          `endpoints only takes register and token; got ${extra.map((key) => `"${key}"`).join(', ')}.`,
      );
    optionalString(endpoints as Record<string, unknown>, 'register');
    optionalString(endpoints as Record<string, unknown>, 'token');
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

  const tokenAuthMethod = options.tokenAuthMethod;
  if (
    tokenAuthMethod !== undefined &&
    tokenAuthMethod !== 'client_secret_post' &&
    tokenAuthMethod !== 'client_secret_basic'
  ) {
    fail(
      'tokenAuthMethod',
      process.env.NODE_ENV !== 'production' && 'tokenAuthMethod must be "client_secret_post" or "client_secret_basic".',
    );
  }

  const refreshLeadSeconds = optionalNumber(options, 'refreshLeadSeconds', (n) => n >= 0, 'a number of seconds ≥ 0');
  const waitTimeoutMs = optionalNumber(options, 'waitTimeoutMs', (n) => n > 0, 'a number of milliseconds > 0');
  const requestTimeoutMs = optionalNumber(options, 'requestTimeoutMs', (n) => n > 0, 'a number of milliseconds > 0');

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
    baseUrl,
    softwareStatement: softwareStatement as ValidatedOptions['softwareStatement'],
    store,
    deviceInfo: deviceInfo as ValidatedOptions['deviceInfo'],
    redirectUri: optionalString(options, 'redirectUri'),
    userAgent: optionalString(options, 'userAgent'),
    forwardedFor: optionalString(options, 'forwardedFor'),
    refreshLeadSeconds: refreshLeadSeconds ?? null,
    clock,
    fetch: options.fetch as ValidatedOptions['fetch'],
    coordinator,
    inspect: inspect as ValidatedOptions['inspect'],
    endpoints: endpoints as ValidatedOptions['endpoints'],
    registrationMetadata: registrationMetadata as ValidatedOptions['registrationMetadata'],
    tokenAuthMethod: tokenAuthMethod as ValidatedOptions['tokenAuthMethod'],
    signals,
    waitTimeoutMs: waitTimeoutMs ?? 30_000,
    requestTimeoutMs,
    retryPolicy: policy as unknown as RetryPolicy,
    random: (options.random as (() => number) | undefined) ?? Math.random,
    hibernation,
    fetchOrigins: parseFetchOrigins(options.fetchOrigins),
  };
}

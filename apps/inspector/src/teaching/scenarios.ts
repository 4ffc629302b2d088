import type { Observation, TeachingRuntime } from './createTeachingRuntime.ts';

/** One thing a scenario does to the sandbox. */
export interface ScenarioStep {
  readonly title: string;
  run(runtime: TeachingRuntime): Promise<void>;
}

/** One expected consequence, checked against what the sandbox observed. */
export interface Expectation {
  readonly label: string;
  test(observation: Observation): boolean;
}

/** A teaching scenario: one rule of the Adobe DCR FAQ, acted out by a real client against the simulator. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** The rule, in one sentence. */
  readonly rule: string;
  readonly source: { readonly title: string; readonly url: string };
  /** The rule's number in docs/teaching.md "The FAQ rules" (which maps it to the transition and test enforcing it). */
  readonly faqRule: number | null;
  /** What happens and why, for people learning DCR. */
  readonly explanation: string;
  /** The top-level state the client must end in. */
  readonly expectedState: string;
  readonly steps: readonly ScenarioStep[];
  readonly expectations: readonly Expectation[];
}

const FAQ_URL =
  'https://experienceleague.adobe.com/en/docs/pass/authentication/integration-guide-programmers/rest-apis/rest-api-dcr/dynamic-client-registration-faqs';
const FAQ = { title: 'Adobe Pass DCR FAQ', url: FAQ_URL };
const THROTTLING = {
  title: 'Adobe Pass throttling mechanism',
  url: 'https://experienceleague.adobe.com/en/docs/pass/authentication/integration-guide-programmers/throttling-mechanism',
};
// The server-error policy is dcrflow's (docs/protocol.md, "Errors and what they become"); Adobe's page lists the
// codes a 5xx can carry.
const ERROR_CODES = {
  title: 'Adobe Pass enhanced error codes',
  url: 'https://experienceleague.adobe.com/en/docs/pass/authentication/integration-guide-programmers/standard-features/error-reporting/enhanced-error-codes',
};

/** Long enough for a request round trip through the in-page simulator (RSA signing) on a slow machine. */
const STEP_TIMEOUT_MS = 5_000;
/** Backoff scenarios wait out real retry delays (1–2.5 s each). */
const BACKOFF_TIMEOUT_MS = 15_000;

const delta = (o: Observation, pick: (s: Observation['stats']) => number) => pick(o.stats) - pick(o.statsAtMark);
const registrations = (o: Observation) => delta(o, (s) => s.registrations.total);
const tokens = (o: Observation) => delta(o, (s) => s.tokens.total);
const distinctClients = (o: Observation) => new Set(o.clientIds.filter((id) => id !== null)).size;
const visitedState = (o: Observation, value: string) => o.visited.includes(value);
const endsIn = (state: string): Expectation => ({
  label: `The client ends in ${state}.`,
  test: (o) => o.state === state,
});

const startApp: ScenarioStep = {
  title: 'Start the app on a fresh device (empty credential store).',
  async run(runtime) {
    await runtime.startApp();
  },
};

const markHere = (label: string): ScenarioStep => ({
  title: 'Watch what happens from here on.',
  async run(runtime) {
    runtime.mark(label);
  },
});

const refreshOnce: ScenarioStep = {
  title: 'Let time pass until the refresh lead begins (the token is 55 minutes old).',
  async run(runtime) {
    const before = runtime.observe().stats.tokens.total;
    runtime.jumpToRefresh();
    await runtime.waitFor((o) => o.state === 'tokenValid' && o.stats.tokens.total > before, STEP_TIMEOUT_MS);
  },
};

/**
 * The teaching scenarios, one per consequence the Adobe DCR FAQ spells out; `faqRule` numbers the rule as
 * docs/teaching.md does ("The FAQ rules"), in the order of docs/lifecycle.md "The DCR FAQ, rule by rule".
 *
 * @example
 * ```ts
 * for (const scenario of SCENARIOS) console.log(scenario.title, '→', scenario.expectedState);
 * ```
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'first-run',
    faqRule: 2,
    title: 'First run',
    rule: 'Registration is mandatory: a new application instance registers once, then obtains a token.',
    source: { title: 'Adobe Pass DCR FAQ — Registration Phase #2', url: `${FAQ_URL}#registration-phase-faq2` },
    explanation:
      'The store is empty, so the client registers with the software statement (POST /o/client/register), stores the client credentials for good, then requests an access token with them (POST /o/client/token).',
    expectedState: 'tokenValid',
    steps: [markHere('first-run'), startApp],
    expectations: [
      { label: 'It registers exactly once.', test: (o) => registrations(o) === 1 },
      { label: 'It requests exactly one token.', test: (o) => tokens(o) === 1 },
      {
        label: 'It passes through registering and registered.',
        test: (o) => visitedState(o, 'registering.requesting') && visitedState(o, 'registered.requesting'),
      },
      { label: 'Nobody is asked to re-authenticate.', test: (o) => o.emitted.length === 0 },
      endsIn('tokenValid'),
    ],
  },
  {
    id: 'warm-start',
    faqRule: 1,
    title: 'Warm start',
    rule: 'With cached credentials and a valid token the Registration Phase is skipped: zero requests.',
    source: { title: 'Adobe Pass DCR FAQ — Registration Phase #2', url: `${FAQ_URL}#registration-phase-faq2` },
    explanation:
      'The app ran before and persisted its credentials and token. When it starts again, the client reads the store and goes straight to tokenValid without a single request to Adobe.',
    expectedState: 'tokenValid',
    steps: [
      startApp,
      markHere('warm-start'),
      {
        title: 'Restart the app (a new client instance on the same store).',
        async run(runtime) {
          await runtime.restartApp();
        },
      },
    ],
    expectations: [
      { label: 'The app started again.', test: (o) => o.appStarts === 1 },
      { label: 'No request reaches the server.', test: (o) => delta(o, (s) => s.requests.total) === 0 },
      {
        label: 'It goes from loading straight to tokenValid.',
        test: (o) =>
          visitedState(o, 'loading.reading') &&
          !o.visited.some((v) => v.startsWith('registering') || v.startsWith('registered')),
      },
      endsIn('tokenValid'),
    ],
  },
  {
    id: 'token-refresh',
    faqRule: 4,
    title: 'Token expiring and refreshed',
    rule: 'Renew the access token before it expires, with the stored client credentials.',
    source: FAQ,
    explanation:
      'Tokens are short-lived (here one hour). Five minutes before expiry the client enters expiring and asks the token endpoint for a new token with the SAME client credentials; the old token stays usable meanwhile.',
    expectedState: 'tokenValid',
    steps: [startApp, markHere('token-refresh'), refreshOnce],
    expectations: [
      { label: 'It passes through expiring.', test: (o) => visitedState(o, 'expiring.refreshing') },
      { label: 'It requests exactly one new token.', test: (o) => tokens(o) === 1 },
      { label: 'It does not register again.', test: (o) => registrations(o) === 0 },
      { label: 'The client id stays the same.', test: (o) => distinctClients(o) === 1 },
      endsIn('tokenValid'),
    ],
  },
  {
    id: 'many-refreshes',
    faqRule: 3,
    title: 'Many refreshes, one registration',
    rule: 'Never re-register to refresh: new credentials invalidate every user profile tied to the old ones.',
    source: FAQ,
    explanation:
      'Five token lifetimes pass. Each time the client refreshes with the stored credentials; the registration count stays at one, so users stay signed in.',
    expectedState: 'tokenValid',
    steps: [startApp, markHere('many-refreshes'), refreshOnce, refreshOnce, refreshOnce, refreshOnce, refreshOnce],
    expectations: [
      { label: 'It requests five new tokens.', test: (o) => tokens(o) === 5 },
      { label: 'It never registers again.', test: (o) => registrations(o) === 0 },
      { label: 'The client id never changes.', test: (o) => distinctClients(o) === 1 },
      { label: 'Nobody is asked to re-authenticate.', test: (o) => o.emitted.length === 0 },
      endsIn('tokenValid'),
    ],
  },
  {
    id: 'credentials-lost',
    faqRule: 7,
    title: 'Credentials lost ⇒ re-authentication',
    rule: 'Lost client credentials mean registering again, a new token, and every user must re-authenticate.',
    source: FAQ,
    explanation:
      'The server no longer knows the client (as when Adobe deletes it or the credentials are lost). The next API call gets a 401; a token refresh is answered invalid_client; the client enters credentialsLost, registers again, and tells the app that users must sign in again (reauthenticationRequired).',
    expectedState: 'tokenValid',
    steps: [
      startApp,
      markHere('credentials-lost'),
      {
        title: 'The server forgets the client credentials.',
        async run(runtime) {
          runtime.loseCredentials();
        },
      },
      {
        title: 'The app calls a protected API.',
        async run(runtime) {
          await runtime.callApi();
        },
      },
    ],
    expectations: [
      { label: 'It passes through credentialsLost.', test: (o) => visitedState(o, 'credentialsLost') },
      { label: 'It registers once more.', test: (o) => registrations(o) === 1 },
      { label: 'It gets a new client id.', test: (o) => distinctClients(o) === 2 },
      {
        label: 'The app is told users must re-authenticate (once).',
        test: (o) => o.emitted.filter((e) => e.type === 'reauthenticationRequired').length === 1,
      },
      { label: 'The API call succeeds in the end.', test: (o) => o.lastCall === 'ok' },
      endsIn('tokenValid'),
    ],
  },
  {
    id: 'statement-revoked',
    faqRule: 10,
    title: 'Statement revoked ⇒ blocked',
    rule: 'A revoked software statement cannot obtain working credentials; users are blocked until a new statement ships.',
    source: FAQ,
    explanation:
      'Adobe revokes the software statement. The credentials minted from it stop working (invalid_client), and registering again is refused (unapproved_software_statement). The client stops in revoked and every token request fails fast with RevokedError instead of hammering the server.',
    expectedState: 'revoked',
    steps: [
      startApp,
      markHere('statement-revoked'),
      {
        title: 'Adobe revokes the software statement.',
        async run(runtime) {
          await runtime.revokeStatement();
        },
      },
      {
        title: 'The app calls a protected API.',
        async run(runtime) {
          await runtime.callApi();
        },
      },
    ],
    expectations: [
      { label: 'The app is told it is revoked.', test: (o) => o.emitted.some((e) => e.type === 'revoked') },
      { label: 'The last error code is revoked.', test: (o) => o.errorCodes.at(-1) === 'revoked' },
      { label: 'The API call fails with RevokedError.', test: (o) => o.lastCall === 'revoked' },
      { label: 'No new credentials are issued.', test: (o) => registrations(o) === 0 },
      endsIn('revoked'),
    ],
  },
  {
    id: 'throttled',
    faqRule: 11,
    title: 'Throttled ⇒ backoff',
    rule: 'A 429 means wait at least one second before the next request (1 request/s per device, burst 10).',
    source: THROTTLING,
    explanation:
      'The token endpoint answers 429 twice. The client keeps its still-valid token, waits in expiring.backoff (at least 1 s, growing), then retries and succeeds. It never re-registers because of throttling.',
    expectedState: 'tokenValid',
    steps: [
      startApp,
      markHere('throttled'),
      {
        title: 'The token endpoint throttles the next two requests (429).',
        async run(runtime) {
          runtime.injectFault({ kind: 'throttle', endpoint: 'token', count: 2 });
        },
      },
      {
        title: 'Let time pass until the refresh lead begins, then wait out the backoff.',
        async run(runtime) {
          runtime.jumpToRefresh();
          await runtime.waitFor((o) => o.state === 'tokenValid' && tokens(o) === 1, BACKOFF_TIMEOUT_MS);
        },
      },
    ],
    expectations: [
      { label: 'It backs off in expiring.backoff.', test: (o) => visitedState(o, 'expiring.backoff') },
      { label: 'The error code is throttled.', test: (o) => o.errorCodes.includes('throttled') },
      {
        label: 'Every wait is at least one second.',
        test: (o) => o.backoffWaitsMs.length >= 2 && o.backoffWaitsMs.every((ms) => ms >= 1000),
      },
      { label: 'It does not register again.', test: (o) => registrations(o) === 0 },
      endsIn('tokenValid'),
    ],
  },
  {
    id: 'server-errors',
    faqRule: 12,
    title: 'Server errors ⇒ retry',
    rule: '5xx and network failures are retried with bounded exponential backoff and jitter; credentials are kept.',
    source: ERROR_CODES,
    explanation:
      'The token endpoint fails with 503 twice. The client retries with growing waits (full jitter), keeps its credentials and its still-valid token, and recovers as soon as the server does.',
    expectedState: 'tokenValid',
    steps: [
      startApp,
      markHere('server-errors'),
      {
        title: 'The token endpoint fails the next two requests (503).',
        async run(runtime) {
          runtime.injectFault({ kind: 'error', endpoint: 'token', count: 2, status: 503 });
        },
      },
      {
        title: 'Let time pass until the refresh lead begins, then wait for the retries.',
        async run(runtime) {
          runtime.jumpToRefresh();
          await runtime.waitFor((o) => o.state === 'tokenValid' && tokens(o) === 1, BACKOFF_TIMEOUT_MS);
        },
      },
    ],
    expectations: [
      { label: 'It retries from expiring.backoff.', test: (o) => visitedState(o, 'expiring.backoff') },
      { label: 'The error code is server.', test: (o) => o.errorCodes.includes('server') },
      {
        label: 'The waits grow.',
        test: (o) =>
          o.backoffWaitsMs.length >= 2 && o.backoffWaitsMs.every((ms, i, all) => i === 0 || ms > all[i - 1]!),
      },
      { label: 'The credentials are kept.', test: (o) => registrations(o) === 0 && distinctClients(o) === 1 },
      endsIn('tokenValid'),
    ],
  },
];

import { assign, fromPromise, setup } from 'xstate';

/** A small machine exercising nested states, a guard, a delay, an invoked promise and context secrets. */
export const vaultMachine = setup({
  types: {
    context: {} as { attempts: number; client_secret: string | null; note: string; nested: unknown },
    events: {} as { type: 'UNLOCK'; password: string } | { type: 'LOCK' } | { type: 'FAIL'; error: Error },
  },
  actors: {
    fetchToken: fromPromise(async () => ({ access_token: 'opaque-access-token-value', expires_in: 60 })),
  },
  guards: { allowed: ({ context }) => context.attempts < 3 },
  // Long enough that no test sees it fire unless it provides a shorter one (`vaultMachine.provide`).
  delays: { relock: 10_000 },
}).createMachine({
  id: 'vault',
  initial: 'locked',
  context: {
    attempts: 0,
    client_secret: 'context-secret-value',
    note: 'plain note',
    nested: { deep: [{ authorization: 'Basic dXNlcjpwYXNz' }] },
  },
  states: {
    locked: {
      on: {
        UNLOCK: {
          guard: 'allowed',
          target: 'unlocking',
          actions: assign({ attempts: ({ context }) => context.attempts + 1 }),
        },
      },
    },
    unlocking: {
      invoke: { src: 'fetchToken', onDone: 'open', onError: 'locked' },
    },
    open: {
      initial: 'idle',
      states: { idle: { on: { LOCK: '#vault.locked' } } },
      after: { relock: 'locked' },
    },
  },
});

import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { clientLifecycleMachine } from '../src/client/clientLifecycleMachine.ts';
import { createDcrClient, type DcrClient, dcrLifecycleMachine, memoryStore } from '../src/index.ts';

// `client.actor` is typed as an ActorRef; at run time it is an XState Actor, whose `logic` is the machine it runs.
const logicOf = (client: DcrClient) => (client.actor as unknown as { readonly logic: unknown }).logic;

describe('the provided lifecycle machine', () => {
  it('is one machine shared by every client (providing it per client cost ~44 KB each), not the inert export', () => {
    const options = { baseUrl: 'https://sp.auth.adobe.com', softwareStatement: 'statement' };
    const a = createDcrClient({ ...options, store: memoryStore() });
    const b = createDcrClient({ ...options, store: memoryStore() });
    expect(logicOf(a)).toBe(clientLifecycleMachine);
    expect(logicOf(b)).toBe(logicOf(a));
    expect(clientLifecycleMachine).not.toBe(dcrLifecycleMachine);
    a.stop();
    b.stop();
  });

  it('fails with a clear internal error when an actor system has no client dependencies attached', () => {
    const actor = createActor(clientLifecycleMachine);
    const errors: unknown[] = [];
    actor.subscribe({ error: (error) => errors.push(error) });
    actor.start();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/dcrflow internal error: .*no dependencies attached/);
  });
});

import { describe, expect, it } from 'vitest';
import * as core from '../src/index.ts';
import { createDcrClient, type DcrClient, memoryStore } from '../src/index.ts';

describe('public surface', () => {
  it('keeps the machine internals out of the index', () => {
    for (const internal of ['retryDelay', 'classifyFailure', 'scrubMessage', 'createVault', 'clientLifecycleMachine']) {
      expect(Object.keys(core)).not.toContain(internal);
    }
  });

  it('types client.actor read-only: no send() past the vault', () => {
    const client: DcrClient = createDcrClient({
      baseUrl: 'http://127.0.0.1:9',
      softwareStatement: 'statement',
      store: memoryStore(),
    });
    // @ts-expect-error — an outside TOKEN.SUCCEEDED or RESET would bypass the vault; the typecheck fails if send exists
    const send = client.actor.send;
    expect(typeof send).toBe('function'); // still the running actor at run time, for inspection tools
    expect(client.actor.getSnapshot().value).toEqual({ loading: 'reading' });
    client.stop();
  });
});

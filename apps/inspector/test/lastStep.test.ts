import { describe, expect, it } from 'vitest';
import { describeStep } from '../src/model/describeStep.ts';
import { diffContext } from '../src/model/diffContext.ts';

describe('the last step strip (issue 9)', () => {
  it('reads every micro-step of an event in order: event, always with its guard, onDone, after', () => {
    expect(
      describeStep([
        { source: 'dcr.loading.reading', targets: ['dcr.unregistered'], eventType: 'STORE.EMPTY', guard: null },
        { source: 'dcr.unregistered', targets: ['dcr.registering'], eventType: '', guard: 'hasSoftwareStatement' },
        { source: '#job.working', targets: ['#job.done'], eventType: 'xstate.done.state.job.working' },
        { source: 'dcr.tokenValid', targets: ['dcr.expiring'], eventType: 'xstate.after.refreshAt.dcr.tokenValid' },
        { source: 'dcr.tokenValid', targets: [], eventType: 'RECHECK' },
      ]),
    ).toEqual([
      { from: 'loading.reading', to: 'unregistered', via: 'STORE.EMPTY', guard: null },
      { from: 'unregistered', to: 'registering', via: 'always', guard: 'hasSoftwareStatement' },
      { from: 'working', to: 'done', via: 'onDone', guard: null },
      { from: 'tokenValid', to: 'expiring', via: 'after refreshAt', guard: null },
      { from: 'tokenValid', to: 'tokenValid', via: 'RECHECK', guard: null },
    ]);
  });
});

describe('diffContext', () => {
  it('marks added, removed and changed keys, nested ones by their path', () => {
    expect(
      diffContext(
        { attempt: 0, token: { expiresAt: 1, tokenType: 'bearer' }, error: { code: 'x' }, same: [1] },
        { attempt: 1, token: { expiresAt: 2, tokenType: 'bearer' }, clientId: 'c', same: [1] },
      ),
    ).toEqual([
      { path: 'attempt', kind: 'changed', before: 0, after: 1 },
      { path: 'token.expiresAt', kind: 'changed', before: 1, after: 2 },
      { path: 'clientId', kind: 'added', before: undefined, after: 'c' },
      { path: 'error', kind: 'removed', before: { code: 'x' }, after: undefined },
    ]);
  });

  it('finds nothing between equal contexts, and compares non-objects whole', () => {
    expect(diffContext({ a: { b: [1, 2] } }, { a: { b: [1, 2] } })).toEqual([]);
    expect(diffContext(null, { a: 1 })).toEqual([
      { path: '(context)', kind: 'changed', before: null, after: { a: 1 } },
    ]);
    expect(diffContext(3, 3)).toEqual([]);
  });
});

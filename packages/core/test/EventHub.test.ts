import { describe, expect, it } from 'vitest';
import { ConfigurationError, EventHub } from '../src/index.ts';

type Listeners = { ready: (at: number) => void; gone: (why: string, key: string) => void; idle: () => void };
const hub = () => new EventHub<Listeners>('service', ['ready', 'gone', 'idle']);

describe('EventHub', () => {
  it('calls each listener once, in order, with every argument; a listener added twice is registered once', () => {
    const events = hub();
    const calls: string[] = [];
    const first = (why: string, key: string) => calls.push(`first ${why} ${key}`);
    events.on('gone', first);
    events.on('gone', first);
    events.on('gone', (why, key) => calls.push(`second ${why} ${key}`));
    events.emit('gone', 'evicted', 'device-1');
    expect(calls).toEqual(['first evicted device-1', 'second evicted device-1']);
  });

  it('unsubscribes, and a throwing listener reaches neither the emitter nor the others', () => {
    const events = hub();
    const seen: number[] = [];
    events.on('ready', () => {
      throw new Error('listener bug');
    });
    const off = events.on('ready', (at) => seen.push(at));
    expect(() => events.emit('ready', 1)).not.toThrow();
    off();
    off();
    events.emit('ready', 2);
    expect(seen).toEqual([1]);
  });

  it('a listener removed while an event is delivered still gets that event, not the next', () => {
    const events = hub();
    const seen: string[] = [];
    let offSecond: () => void = () => {};
    events.on('idle', () => {
      seen.push('first');
      offSecond();
    });
    offSecond = events.on('idle', () => seen.push('second'));
    events.emit('idle');
    events.emit('idle');
    expect(seen).toEqual(['first', 'second', 'first']);
  });

  it('names the valid events and rejects a non-function listener with a ConfigurationError', () => {
    const events = hub();
    expect(() => events.on('busy' as never, (() => undefined) as never)).toThrow(
      new ConfigurationError('Unknown service event "busy"; use ready, gone or idle.'),
    );
    expect(() => events.on('ready', 'nope' as never)).toThrow('service.on() expects a listener function.');
  });
});

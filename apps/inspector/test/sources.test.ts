import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventLog } from '../src/sources/createEventLog.ts';
import { createPageSource, PAGE_CHANNEL } from '../src/sources/createPageSource.ts';
import { createRecordingSource } from '../src/sources/createRecordingSource.ts';
import { createTeachingSource } from '../src/sources/createTeachingSource.ts';
import { CLOSE_UNAUTHORIZED, createWebSocketSource } from '../src/sources/createWebSocketSource.ts';
import type { InspectorSource } from '../src/sources/InspectorSource.ts';
import { readQuery, viewerUrl } from '../src/sources/relayUrl.ts';
import { SCENARIOS } from '../src/teaching/scenarios.ts';
import type { WireEvent } from '../src/wire/wireTypes.ts';

const event = (seq: number, sessionId = 's'): WireEvent => ({
  v: 1,
  seq,
  at: 1000 + seq,
  sessionId,
  actorId: 'a',
  kind: 'event',
  sourceId: null,
  event: { type: `E${seq}` },
});
const immediate = (flush: () => void) => flush();

/** Resolves once the source's snapshot satisfies `predicate`. */
function until(source: InspectorSource, predicate: () => boolean, ms = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const timer = setTimeout(() => reject(new Error('The source never reached the expected state.')), ms);
    const stop = source.subscribe(() => {
      if (!predicate()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

const sources: InspectorSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.close();
  vi.useRealTimers();
});

describe('createEventLog', () => {
  it('batches notifications and keeps each snapshot stable until something changes', () => {
    const flushes: Array<() => void> = [];
    const log = createEventLog({ status: { state: 'open', message: 'x' }, schedule: (flush) => flushes.push(flush) });
    const listener = vi.fn();
    log.subscribe(listener);
    const before = log.snapshot();
    log.append([event(0)]);
    log.append([event(1)]);
    expect(flushes).toHaveLength(1);
    expect(log.snapshot()).toBe(before);
    flushes[0]!();
    expect(listener).toHaveBeenCalledOnce();
    expect(log.snapshot()).toMatchObject({ count: 2, version: 1 });
    expect(log.snapshot()).toBe(log.snapshot());
  });

  it('trims to maxEvents with a new array, and clear() starts a new log', () => {
    const log = createEventLog({ status: { state: 'open', message: 'x' }, schedule: immediate, maxEvents: 3 });
    log.append([event(0), event(1)]);
    const first = log.snapshot().events;
    log.append([event(2), event(3)]);
    expect(log.snapshot().events).not.toBe(first);
    expect(log.snapshot().events.map((e) => e.seq)).toEqual([1, 2, 3]);
    log.clear();
    expect(log.snapshot().count).toBe(0);
  });

  it("estimates the producer's now from events that arrive ahead of our clock, never from old ones", () => {
    let local = 10_000;
    const log = createEventLog({ status: { state: 'open', message: 'x' }, schedule: immediate, now: () => local });
    log.append([{ ...event(0), at: 4_000 }]); // a replayed old event
    expect(log.producerNow()).toBe(10_000);
    log.append([{ ...event(1), at: 3_610_000 }]); // a sandbox clock one hour ahead
    local = 11_000;
    expect(log.producerNow()).toBe(3_611_000);
  });

  it('stops notifying once disposed', () => {
    const log = createEventLog({ status: { state: 'open', message: 'x' }, schedule: immediate });
    const listener = vi.fn();
    log.subscribe(listener);
    log.dispose();
    log.append([event(0)]);
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('createRecordingSource', () => {
  it('loads every event, is not live, and reads "now" as the end of the recording', () => {
    const text = `${[event(0), event(1)].map((e) => JSON.stringify(e)).join('\n')}\n`;
    const source = createRecordingSource(text, 'run.jsonl', immediate);
    sources.push(source);
    expect(source.live).toBe(false);
    expect(source.snapshot()).toMatchObject({
      count: 2,
      status: { state: 'closed', message: 'Recording run.jsonl: 2 events.' },
    });
    expect(source.now()).toBe(1001);
  });

  it('reports skipped lines and empty recordings', () => {
    const source = createRecordingSource(`${JSON.stringify(event(0))}\nnot json\n`, 'bad.jsonl', immediate);
    sources.push(source);
    expect(source.snapshot().status.message).toBe(
      'Recording bad.jsonl: 1 events. 1 line skipped (line 2: The line is not valid JSON.)',
    );
    const empty = createRecordingSource('', 'empty.jsonl', immediate);
    sources.push(empty);
    expect(empty.snapshot().status).toEqual({ state: 'error', message: 'empty.jsonl holds no wire events.' });
  });
});

describe('createPageSource (BroadcastChannel)', () => {
  it('receives enveloped events from another context and drops invalid ones', async () => {
    const source = createPageSource({ BroadcastChannel });
    sources.push(source);
    const sender = new BroadcastChannel(PAGE_CHANNEL);
    sender.postMessage({ channel: PAGE_CHANNEL, event: event(0) });
    sender.postMessage({ channel: 'someone-else', event: event(1) });
    sender.postMessage({ channel: PAGE_CHANNEL, event: { v: 9 } });
    sender.postMessage({ channel: PAGE_CHANNEL, event: event(2) });
    await until(source, () => source.snapshot().count === 2 && source.snapshot().status.message.includes('1 invalid'));
    expect(source.snapshot().events.map((e) => e.seq)).toEqual([0, 2]);
    sender.close();
  });
});

/** A WebSocket stand-in: the tests play the relay. */
class FakeSocket extends EventTarget {
  static instances: FakeSocket[] = [];
  readonly url: string;
  constructor(url: string) {
    super();
    this.url = url;
    FakeSocket.instances.push(this);
  }
  open() {
    this.dispatchEvent(new Event('open'));
  }
  receive(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }
  close(code = 1000) {
    const event = new Event('close') as Event & { code: number };
    event.code = code;
    this.dispatchEvent(event);
  }
}

describe('createWebSocketSource', () => {
  const url = 'ws://127.0.0.1:9301/?session=tok&role=viewer';
  const open = () => {
    FakeSocket.instances = [];
    const source = createWebSocketSource({ url, WebSocket: FakeSocket as unknown as typeof WebSocket });
    sources.push(source);
    return source;
  };

  it('connects as a viewer, accepts single events, arrays and envelopes, and hides the token from its label', async () => {
    const source = open();
    const socket = FakeSocket.instances[0]!;
    expect(socket.url).toBe(url);
    expect(source.label).toBe('Relay 127.0.0.1:9301');
    expect(source.snapshot().status.state).toBe('connecting');
    socket.open();
    socket.receive(event(0));
    socket.receive([event(1), event(2)]);
    socket.receive({ channel: PAGE_CHANNEL, event: event(3) });
    await until(source, () => source.snapshot().count === 4);
    expect(source.snapshot().status).toEqual({ state: 'open', message: 'Connected to Relay 127.0.0.1:9301.' });
  });

  it('reconnects after a drop and drops the replayed backlog it already has', async () => {
    vi.useFakeTimers();
    const source = open();
    FakeSocket.instances[0]!.open();
    FakeSocket.instances[0]!.receive([event(0), event(1)]);
    FakeSocket.instances[0]!.close(1006);
    vi.advanceTimersByTime(20);
    expect(source.snapshot().status.message).toBe('Relay 127.0.0.1:9301 closed; retrying in 0.5 s…');
    vi.advanceTimersByTime(480);
    const second = FakeSocket.instances[1]!;
    second.open();
    second.receive([event(0), event(1), event(2), event(0, 'other-session')]);
    vi.advanceTimersByTime(50);
    expect(source.snapshot().events.map((e) => `${e.sessionId}:${e.seq}`)).toEqual([
      's:0',
      's:1',
      's:2',
      'other-session:0',
    ]);
  });

  it('gives up on a rejected token (close 4401) with a sentence', () => {
    vi.useFakeTimers();
    const source = open();
    FakeSocket.instances[0]!.close(CLOSE_UNAUTHORIZED);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(source.snapshot().status.state).toBe('error');
    expect(source.snapshot().status.message).toMatch(/rejected the session token/);
  });

  it('stops reconnecting after a bounded number of attempts', () => {
    vi.useFakeTimers();
    const source = open();
    for (let i = 0; i < 10; i++) {
      FakeSocket.instances.at(-1)!.close(1006);
      vi.advanceTimersByTime(10_000);
    }
    expect(FakeSocket.instances).toHaveLength(6);
    expect(source.snapshot().status.message).toBe(
      'Could not connect to Relay 127.0.0.1:9301: the relay is not running or refused the session token. Gave up after 5 attempts; reload to try again.',
    );
  });

  it('counts frames that are not wire events', async () => {
    const source = open();
    FakeSocket.instances[0]!.open();
    FakeSocket.instances[0]!.receive('{nope');
    await until(source, () => source.snapshot().status.message.includes('1 invalid frame'));
  });
});

describe('relay URLs and the page query', () => {
  it('accepts loopback relays only and adds role=viewer', () => {
    expect(viewerUrl('ws://127.0.0.1:9301/?session=abc')).toEqual({
      ok: true,
      url: 'ws://127.0.0.1:9301/?session=abc&role=viewer',
    });
    expect(viewerUrl('ws://localhost:1/?session=a&role=producer')).toEqual({
      ok: true,
      url: 'ws://localhost:1/?session=a&role=viewer',
    });
    expect(viewerUrl('ws://example.com:9301/?session=abc')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/this machine/),
    });
    expect(viewerUrl('http://127.0.0.1:9301/?session=abc')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/ws:\/\//),
    });
    expect(viewerUrl('ws://127.0.0.1:9301/')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/session token/),
    });
    expect(viewerUrl('::')).toMatchObject({ ok: false });
  });

  it('reads ?ws= unencoded (the demo prints it so) and encoded', () => {
    const expected = { kind: 'websocket', relay: { ok: true, url: 'ws://127.0.0.1:5555/?session=T0k&role=viewer' } };
    expect(readQuery('?ws=ws://127.0.0.1:5555/?session=T0k')).toEqual(expected);
    expect(readQuery(`?ws=${encodeURIComponent('ws://127.0.0.1:5555/?session=T0k')}`)).toEqual(expected);
    expect(readQuery('?hooks=test&ws=ws://127.0.0.1:5555/?session=T0k')).toEqual(expected);
  });

  it('reads the other sources', () => {
    expect(readQuery('?source=page')).toEqual({ kind: 'page' });
    expect(readQuery('?source=teaching&scenario=throttled')).toEqual({ kind: 'teaching', scenario: 'throttled' });
    expect(readQuery('')).toEqual({ kind: 'none' });
  });
});

describe('createTeachingSource', () => {
  it('streams the sandbox, starts each scenario on a fresh log, and reads the sandbox clock', async () => {
    const source = createTeachingSource();
    sources.push(source);
    const first = await source.runScenario(SCENARIOS[0]!);
    expect(first.pass).toBe(true);
    await until(source, () => source.snapshot().count > 0);
    const firstLog = source.snapshot().events;
    await source.runScenario(SCENARIOS[1]!);
    await until(source, () => source.snapshot().events !== firstLog);
    expect(source.snapshot().events.every((e) => e.sessionId === source.runtime().sessionId)).toBe(true);
    source.runtime().advanceClock(3600);
    expect(source.now() - Date.now()).toBeGreaterThanOrEqual(3_599_000);
  });
});

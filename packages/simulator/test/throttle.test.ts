import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.ts';
import { type RunningSimulator, startSimulator } from '../src/node/index.ts';

describe('throttling over HTTP (defaults: 1 request/s, one-time burst of 10)', () => {
  let sim: RunningSimulator;
  // The throttle's real-time source belongs to the test: time moves only when a test moves it. With Date.now, ten
  // requests that took over a second on a loaded machine earned an extra token, and a 400 ms sleep could outlast
  // the 1 s window it was meant to stay inside.
  let realNow = Date.now();
  const elapse = (ms: number) => {
    realNow += ms;
  };
  beforeAll(async () => {
    sim = await startSimulator({ now: () => realNow }); // default throttle
  });
  afterAll(() => sim.close());

  const hit = (device?: string, path = '/o/client/token') =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: device === undefined ? {} : { 'x-forwarded-for': device },
    });

  async function burst(count: number, device?: string): Promise<number[]> {
    const statuses: number[] = [];
    for (let index = 0; index < count; index += 1) statuses.push((await hit(device)).status);
    return statuses;
  }

  it('passes a burst of 10, answers the 11th with HTML 429 without Retry-After, then ~1 request/s', async () => {
    const device = '198.51.100.1';
    expect(await burst(10, device)).toEqual(Array(10).fill(400));
    const throttled = await hit(device);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toMatch(/^text\/html/);
    expect(throttled.headers.get('retry-after')).toBeNull();
    expect(throttled.headers.get('access-control-allow-origin')).toBe('*');
    expect(await throttled.text()).toMatch(/<html>.*Too Many Requests/s);

    // Throttling lifts 1 s after the first 429 (one request), not before.
    elapse(400);
    expect((await hit(device)).status).toBe(429);
    elapse(700);
    expect(await burst(2, device)).toEqual([400, 429]);

    // The burst is one-time: idling 2 s earns one request, not two (the bucket refills only up to 1).
    elapse(2100);
    expect(await burst(2, device)).toEqual([400, 429]);
  });

  it('keys buckets per device: X-Forwarded-For (first address), else the remote address', async () => {
    const a = '203.0.113.10';
    expect(await burst(10, a)).toEqual(Array(10).fill(400));
    expect((await hit(a)).status).toBe(429);
    // Same device behind a proxy chain: the first address is the device.
    expect((await hit(`${a}, 10.0.0.1`)).status).toBe(429);
    // Another device has its own full burst.
    expect(await burst(10, '203.0.113.11, 10.0.0.1')).toEqual(Array(10).fill(400));
    const log = sim.simulator.requests();
    expect(log.at(-1)?.device).toBe('203.0.113.11');
    const throttledEntry = log.find((entry) => entry.device === a && entry.throttled);
    expect(throttledEntry).toMatchObject({ status: 429, endpoint: 'token', throttled: true });

    // Without X-Forwarded-For the TCP peer is the device.
    expect(await burst(10)).toEqual(Array(10).fill(400));
    expect((await hit()).status).toBe(429);
    expect(sim.simulator.requests().at(-1)).toMatchObject({ device: '127.0.0.1', throttled: true });
  });

  it('throttles register and /api/v2 too, but never /admin', async () => {
    const device = '192.0.2.50';
    for (let index = 0; index < 10; index += 1) {
      const path = index % 2 === 0 ? '/o/client/register' : '/o/client/token';
      expect((await hit(device, path)).status).toBe(400);
    }
    expect((await hit(device, '/o/client/register')).status).toBe(429);
    const api = await fetch(`${sim.url}/api/v2/REF/configuration`, { headers: { 'x-forwarded-for': device } });
    expect(api.status).toBe(429);
    for (let index = 0; index < 15; index += 1) {
      const stats = await fetch(`${sim.url}/admin/stats`, { headers: { 'x-forwarded-for': device } });
      expect(stats.status).toBe(200);
    }
    expect(sim.simulator.stats().throttled).toBeGreaterThanOrEqual(2);
  });
});

describe('throttling, deterministic (injected real-time source)', () => {
  function setup(throttle?: { ratePerSecond: number; burst: number } | false) {
    let now = 1_000_000;
    const simulator = createSimulator(throttle === undefined ? { now: () => now } : { now: () => now, throttle });
    const statusAt = async (remoteAddress = '10.1.1.1') =>
      (await simulator.fetch(new Request('http://sim.local/o/client/token', { method: 'POST' }), { remoteAddress }))
        .status;
    return {
      simulator,
      statusAt,
      advance(ms: number) {
        now += ms;
      },
    };
  }

  it('refills exactly 1 token per second after the burst, never above 1', async () => {
    const { statusAt, advance } = setup();
    for (let index = 0; index < 10; index += 1) expect(await statusAt()).toBe(400);
    expect(await statusAt()).toBe(429);
    advance(999);
    expect(await statusAt()).toBe(429);
    advance(1);
    expect(await statusAt()).toBe(400);
    expect(await statusAt()).toBe(429);
    advance(60_000);
    expect(await statusAt()).toBe(400);
    expect(await statusAt()).toBe(429);
    // A different remote address is a different device.
    expect(await statusAt('10.1.1.2')).toBe(400);
  });

  it('honours custom rate and burst: refill caps at max(1, ratePerSecond)', async () => {
    const { statusAt, advance } = setup({ ratePerSecond: 2, burst: 3 });
    expect([await statusAt(), await statusAt(), await statusAt(), await statusAt()]).toEqual([400, 400, 400, 429]);
    advance(500);
    expect([await statusAt(), await statusAt()]).toEqual([400, 429]);
    advance(10_000);
    expect([await statusAt(), await statusAt(), await statusAt()]).toEqual([400, 400, 429]);
  });

  it('keeps an unspent burst, and the simulated clock does not refill the bucket', async () => {
    const { simulator, statusAt, advance } = setup();
    for (let index = 0; index < 5; index += 1) expect(await statusAt()).toBe(400);
    advance(3_600_000);
    simulator.advanceClock(3600);
    for (let index = 0; index < 5; index += 1) expect(await statusAt()).toBe(400);
    // Idling while the unspent burst was above the 1-token cap earned nothing extra.
    expect(await statusAt()).toBe(429);
    simulator.advanceClock(86_400); // simulated time: no effect on throttling
    expect(await statusAt()).toBe(429);
    advance(1000);
    expect(await statusAt()).toBe(400);
  });

  it('throttle: false disables it, and reset() forgets buckets', async () => {
    const off = setup(false);
    for (let index = 0; index < 50; index += 1) expect(await off.statusAt()).toBe(400);
    const on = setup();
    for (let index = 0; index < 10; index += 1) await on.statusAt();
    expect(await on.statusAt()).toBe(429);
    on.simulator.reset();
    expect(await on.statusAt()).toBe(400);
  });

  it('rejects invalid throttle options', () => {
    expect(() => createSimulator({ throttle: { ratePerSecond: 0, burst: 10 } })).toThrow(RangeError);
    expect(() => createSimulator({ throttle: { ratePerSecond: 1, burst: 0 } })).toThrow(RangeError);
    expect(() => createSimulator({ tokenTtlSeconds: 0 })).toThrow(RangeError);
  });
});

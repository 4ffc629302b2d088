import { Agent, request } from 'node:http';
import { median } from '../report/format.ts';

/** One request shape to send again and again. */
export interface LoadRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What a load test measured. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly completed: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses with another status than `expectedStatus`, and failed requests. */
  readonly unexpected: number;
}

function send(agent: Agent, target: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        agent,
        headers: { ...target.headers, 'content-length': String(Buffer.byteLength(target.body)) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(target.body);
  });
}

/**
 * Closed-loop load: `concurrency` workers over keep-alive connections, each sending the next request when the last
 * answered. The first `warmupMs` are discarded; requests completed in the following `durationMs` are counted.
 */
export async function loadTest(
  target: LoadRequest,
  options: { concurrency: number; warmupMs: number; durationMs: number; expectedStatus: number },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const start = performance.now() + options.warmupMs;
  const end = start + options.durationMs;
  const latencies: number[] = [];
  let unexpected = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      let status = 0;
      try {
        status = await send(agent, target);
      } catch {
        status = 0;
      }
      const done = performance.now();
      if (sent >= start && done <= end) {
        latencies.push(done - sent);
        if (status !== options.expectedStatus) unexpected += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: (latencies.length / options.durationMs) * 1000,
    completed: latencies.length,
    p50Ms: median(sorted),
    p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN,
    unexpected,
  };
}

// Vitest globalSetup: one real redis-server for this package's run, on a free port of 127.0.0.1, persistence off.
// A missing redis-server FAILS the suite (it never skips): `npm test` installs it with apt-get.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { RespConnection } from './RespConnection.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisPort: number;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function answersPing(port: number): Promise<boolean> {
  const connection = await RespConnection.open(port).catch(() => null);
  if (connection === null) return false;
  try {
    return (await connection.command(['PING'])) === 'PONG';
  } catch {
    return false;
  } finally {
    connection.close();
  }
}

function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) {
    throw new Error(
      'redis-server is not installed: the crash-safety suite needs it (apt-get install -y redis-server).',
    );
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}: ${stderr.trim() || 'no answer to PING'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  project.provide('redisPort', port);
  return async () => {
    child.kill('SIGTERM');
    await exited(child, 3_000);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child, 1_000);
    }
  };
}

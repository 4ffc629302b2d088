import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  createInspectorBridge,
  InspectOptionsError,
  memoryTransport,
  parseJsonl,
  type WireEvent,
} from '../src/index.ts';
import { fileRecorder } from '../src/node/index.ts';
import { vaultMachine } from './support/machines.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dcrflow-recording-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Sends every event to both transports, so the file can be compared with what the bridge emitted. */
function tee(...transports: Array<{ send(event: WireEvent): void; close?(): void | Promise<void> }>) {
  return {
    send: (event: WireEvent) => {
      for (const transport of transports) transport.send(event);
    },
    close: async () => {
      for (const transport of transports) await transport.close?.();
    },
  };
}

describe('fileRecorder', () => {
  it('records a run as JSONL that parseJsonl reads back exactly', async () => {
    const path = join(dir, 'session.jsonl');
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: tee(fileRecorder({ path }), memory) });
    bridge.mark('recording', { note: 'recording started' });
    const actor = createActor(vaultMachine, { inspect: bridge.inspect }).start();
    actor.send({ type: 'UNLOCK', password: 'x' });
    actor.stop();
    await bridge.close();

    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(memory.events().length);
    expect(parseJsonl(text)).toEqual(memory.events());
    expect(parseJsonl(text)[0]).toMatchObject({ kind: 'meta', label: 'recording' });
  });

  it('appends to an existing recording, and flush() makes the lines visible before close', async () => {
    const path = join(dir, 'append.jsonl');
    const meta = (seq: number): WireEvent => ({
      v: 1,
      seq,
      at: seq,
      sessionId: 'a',
      actorId: '',
      kind: 'meta',
      label: 'm',
      data: seq,
    });
    const first = fileRecorder({ path });
    first.send(meta(0));
    await first.close();
    const second = fileRecorder({ path });
    second.send(meta(1));
    await second.flush();
    expect(parseJsonl(await readFile(path, 'utf8')).map((event) => event.seq)).toEqual([0, 1]);
    second.send(meta(2));
    await second.close();
    await second.close();
    second.send(meta(3));
    expect(parseJsonl(await readFile(path, 'utf8')).map((event) => event.seq)).toEqual([0, 1, 2]);
  });

  it('reports a file it cannot write on flush and close, never on send', async () => {
    const recorder = fileRecorder({ path: join(dir, 'missing-dir', 'x.jsonl') });
    expect(() =>
      recorder.send({ v: 1, seq: 0, at: 0, sessionId: 's', actorId: '', kind: 'meta', label: 'm', data: null }),
    ).not.toThrow();
    await expect(recorder.flush()).rejects.toThrow(/could not be written/);
    await expect(recorder.close()).rejects.toThrow(/could not be written/);
  });

  it('needs a path', () => {
    expect(() => fileRecorder({ path: '' })).toThrow(
      new InspectOptionsError('fileRecorder: `path` must be a non-empty file path.'),
    );
  });
});

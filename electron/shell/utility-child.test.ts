import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { ForkOptions, utilityProcess } from 'electron';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRunning } from '../core/processes';
import { jfkWav } from '../signals/worker/test-audio';
import { buildWhisperWorker } from '../transcription/test-build';
import { writeTinyModel } from '../transcription/test-model';
import { Transcriber } from '../transcription/transcriber';
import { WhisperError, WhisperProcess } from '../transcription/whisper-process';
import { utilityProcessStarter } from './utility-child';

// Electron cannot run here: utilityProcess is faked at this one boundary. The first fake only
// records; the second starts the real transcription worker in a Node child that is given a
// process.parentPort as a utility process has, and nothing else to answer through.

class RecordingUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  stderr = new PassThrough();
  posted: unknown[] = [];
  kills = 0;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.kills += 1;
    return true;
  }
}

function recordingFork() {
  const calls: { modulePath: string; args?: string[]; options?: ForkOptions }[] = [];
  const children: RecordingUtilityProcess[] = [];
  const fake = {
    fork(modulePath: string, args?: string[], options?: ForkOptions) {
      calls.push({ modulePath, args, options });
      const child = new RecordingUtilityProcess();
      children.push(child);
      return child;
    },
  } as unknown as Pick<typeof utilityProcess, 'fork'>;
  return { calls, children, start: utilityProcessStarter({ utilityProcess: fake }) };
}

describe('utilityProcessStarter, on a recording utilityProcess', () => {
  it('starts the module with the added environment, the service name and only stderr piped', () => {
    const { calls, start } = recordingFork();
    start('/app/out/station/whisper-worker.mjs', {
      serviceName: 'Interview Station transcription',
      env: { MALLOC_ARENA_MAX: '2' },
    });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.modulePath).toBe('/app/out/station/whisper-worker.mjs');
    expect(call?.args).toEqual([]);
    expect(call?.options?.serviceName).toBe('Interview Station transcription');
    expect(call?.options?.stdio).toEqual(['ignore', 'ignore', 'pipe']);
    // The station's own environment goes along (PATH finds ffmpeg), with the additions.
    expect(call?.options?.env).toMatchObject({ PATH: process.env.PATH, MALLOC_ARENA_MAX: '2' });
    expect(call?.options?.env).not.toHaveProperty('ELECTRON_RUN_AS_NODE');
  });

  it('holds messages until the process has spawned, then delivers them in order', () => {
    const { children, start } = recordingFork();
    const child = start('/w.mjs', { serviceName: 'w' });
    const fake = children[0] as RecordingUtilityProcess;
    child.send({ id: 1 });
    child.send({ id: 2 });
    expect(fake.posted).toEqual([]);
    expect(child.pid).toBeUndefined();
    fake.pid = 4242;
    fake.emit('spawn');
    expect(fake.posted).toEqual([{ id: 1 }, { id: 2 }]);
    expect(child.pid).toBe(4242);
    child.send({ id: 3 });
    expect(fake.posted).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it("passes on the child's messages, errors, stderr and exit code, and kills it on request", () => {
    const { children, start } = recordingFork();
    const child = start('/w.mjs', { serviceName: 'w' });
    const fake = children[0] as RecordingUtilityProcess;
    const messages: unknown[] = [];
    const exits: [number | null, string | null][] = [];
    const errors: string[] = [];
    let stderr = '';
    child.onMessage((message) => messages.push(message));
    child.onExit((code, signal) => exits.push([code, signal]));
    child.onError((error) => errors.push(error.message));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    fake.emit('spawn');
    fake.emit('message', { type: 'done', id: 1, value: null });
    fake.stderr.write('GGML_ASSERT failed\n');
    fake.emit('error', 'FatalError', 'whisper.cpp:123', '{}');
    child.kill();
    expect(fake.kills).toBe(1);
    fake.emit('exit', 15);
    fake.emit('exit', 15);
    expect(messages).toEqual([{ type: 'done', id: 1, value: null }]);
    expect(stderr).toBe('GGML_ASSERT failed\n');
    expect(errors).toEqual(['FatalError in the utility process at whisper.cpp:123']);
    expect(exits).toEqual([[15, null]]);
  });

  it('drops messages for a process that ended before it spawned', () => {
    const { children, start } = recordingFork();
    const child = start('/w.mjs', { serviceName: 'w' });
    const fake = children[0] as RecordingUtilityProcess;
    child.send({ id: 1 });
    fake.emit('exit', 1);
    fake.emit('spawn');
    expect(fake.posted).toEqual([]);
  });
});

/**
 * Loaded into the Node child before the worker: a process.parentPort like Electron's (messages
 * in `data` of a 'message' event, postMessage back). Both ways go in envelopes, so a worker
 * that answered through process.send, or read process's own messages, would never be heard.
 */
const PARENT_PORT_SHIM = `
import { EventEmitter } from 'node:events';
const port = new EventEmitter();
port.postMessage = (message) => process.send({ fromParentPort: message });
process.on('message', (envelope) => {
  if (envelope && typeof envelope === 'object' && 'toParentPort' in envelope)
    port.emit('message', { data: envelope.toParentPort, ports: [] });
});
process.parentPort = port;
`;

/** A utility process as Electron's API shows it, run as a Node child with the shim above. */
class NodeBackedUtilityProcess extends EventEmitter {
  private readonly child: ChildProcess;
  private ended = false;
  readonly stderr: NodeJS.ReadableStream | null;

  constructor(modulePath: string, args: string[], options: ForkOptions, shim: string) {
    super();
    this.child = fork(modulePath, args, {
      env: options.env as NodeJS.ProcessEnv,
      execArgv: ['--import', shim],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.stderr = this.child.stderr;
    this.child.once('spawn', () => this.emit('spawn'));
    this.child.on('message', (envelope: { fromParentPort?: unknown }) => {
      if ('fromParentPort' in envelope) this.emit('message', envelope.fromParentPort);
    });
    this.child.once('exit', (code, signal) => {
      this.ended = true;
      // A utility process reports an exit code only; a signal shows as 128 + its number.
      this.emit('exit', code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  }

  get pid() {
    return this.ended ? undefined : this.child.pid;
  }

  postMessage(message: unknown) {
    this.child.send({ toParentPort: message });
  }

  kill() {
    return this.child.kill('SIGTERM');
  }
}

describe('the transcription process as a utility process (real worker, faked Electron API)', () => {
  const resourcesDir = path.resolve('resources');
  let workerFile = '';
  let model = '';
  let shim = '';
  const forked: ForkOptions[] = [];
  const fakeUtilityProcess = {
    fork(modulePath: string, args: string[] = [], options: ForkOptions = {}) {
      forked.push(options);
      return new NodeBackedUtilityProcess(modulePath, args, options, shim);
    },
  } as unknown as Pick<typeof utilityProcess, 'fork'>;
  const newProcess = () =>
    new WhisperProcess(
      workerFile,
      () => {},
      utilityProcessStarter({ utilityProcess: fakeUtilityProcess }),
    );
  const request = {
    file: '',
    language: 'en',
    threads: 2,
    // Random weights: fall-back at rising temperatures would retry every window.
    temperatureInc: 0,
    resourcesDir,
  };

  beforeAll(async () => {
    workerFile = await buildWhisperWorker();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'utility-child-'));
    model = path.join(dir, 'tiny-random.bin');
    writeTinyModel(model);
    shim = pathToFileURL(path.join(dir, 'parent-port-shim.mjs')).href;
    writeFileSync(path.join(dir, 'parent-port-shim.mjs'), PARENT_PORT_SHIM);
    request.file = jfkWav();
  }, 60_000);

  it('loads the model and transcribes real speech, answering through process.parentPort', async () => {
    const proc = newProcess();
    const transcriber = new Transcriber(proc);
    try {
      expect(await transcriber.load(model)).toMatchObject({ state: 'ready' });
      const progress: number[] = [];
      const raw = await transcriber.transcribe(request, {
        timeoutMs: 60_000,
        onProgress: (p) => progress.push(p),
      });
      expect(raw.durationMs).toBeGreaterThan(10_900);
      expect(raw.tokens.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toBe(1);
      expect(forked.at(-1)?.env).toMatchObject({ MALLOC_ARENA_MAX: '2' });
      expect(forked.at(-1)?.serviceName).toBe('Interview Station transcription');
    } finally {
      await proc.close();
    }
  }, 60_000);

  it('a killed process fails the job in hand with its exit code, and the next job runs in a new one', async () => {
    const proc = newProcess();
    const transcriber = new Transcriber(proc);
    try {
      await transcriber.load(model);
      const firstPid = proc.pid;
      const job = transcriber.transcribe(request, { timeoutMs: 60_000 });
      setTimeout(() => process.kill(firstPid ?? 0, 'SIGKILL'), 50);
      const error = await job.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhisperError);
      expect((error as Error).message).toMatch(
        /stopped \(exit code 137\) while transcribing jfk\.wav/,
      );
      const raw = await transcriber.transcribe(request, { timeoutMs: 60_000 });
      expect(raw.tokens.length).toBeGreaterThan(0);
      expect(proc.pid).not.toBe(firstPid);
    } finally {
      await proc.close();
    }
  }, 60_000);

  it('a job past its time limit ends the process with kill() and the next job runs in a new one', async () => {
    const proc = newProcess();
    const transcriber = new Transcriber(proc);
    try {
      await transcriber.load(model);
      const firstPid = proc.pid;
      const error = await transcriber
        .transcribe(request, { timeoutMs: 1 })
        .catch((e: unknown) => e);
      expect((error as WhisperError).kind).toBe('timeout');
      const raw = await transcriber.transcribe(request, { timeoutMs: 60_000 });
      expect(raw.tokens.length).toBeGreaterThan(0);
      expect(proc.pid).not.toBe(firstPid);
      // The stuck process is gone, not left running beside the new one.
      expect(isRunning(firstPid ?? 0)).toBe(false);
    } finally {
      await proc.close();
    }
  }, 60_000);
});

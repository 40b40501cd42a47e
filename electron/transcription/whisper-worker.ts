/**
 * Entry of the transcription process, started by the station (whisper-process.ts): forked by
 * plain Node, or an Electron utility process in the kiosk (core/node-child.ts). whisper.cpp
 * runs here, in its own process, because it aborts on some bad inputs: an abort here ends this
 * process, the station sees the exit, fails the job with a clear message and starts a new one.
 * Decoding and voice activity run here too, so no audio passes through the station's main
 * thread. Requests are handled one at a time, in order.
 */
import { createRequire } from 'node:module';
import { parentChannel } from '../core/parent-channel';
import { readAudioSamples } from '../signals/worker/media-decode';
import { detectSpeech } from '../signals/worker/speech-segments';
import { VoiceActivity } from '../signals/worker/vad';
import { probeAudio } from './audio-probe';
import { checkModel } from './ggml-model';
import type {
  FromWhisper,
  ProcessUsage,
  RawTranscription,
  TimedToken,
  ToWhisper,
  TranscribeRequest,
  WhisperErrorKind,
} from './whisper-messages';

/** The part of @fugood/whisper.node this process uses (its published types are missing). */
interface WhisperContext {
  transcribeData(
    pcm16: ArrayBuffer,
    options: Record<string, unknown>,
  ): { stop: () => Promise<void>; promise: Promise<WhisperResult> };
  release(): Promise<void>;
}
interface WhisperResult {
  language?: string;
  segments: { text: string; t0: number; t1: number }[];
  isAborted: boolean;
}
interface WhisperBinding {
  initWhisper(options: { filePath: string; useGpu: boolean }): Promise<WhisperContext>;
}

class RequestError extends Error {
  constructor(
    readonly kind: WhisperErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const parent = parentChannel();
if (!parent) throw new Error('whisper-worker runs only as a child process of the station.');
const send = (message: FromWhisper) => parent.send(message);

// Loaded on first use, so a process that never gets a model never maps the native library.
let binding: WhisperBinding | null = null;
let context: WhisperContext | null = null;
let vad: VoiceActivity | null = null;
let vadUnavailable: string | null = null;

function whisper(): WhisperBinding {
  binding ??= createRequire(import.meta.url)('@fugood/whisper.node') as WhisperBinding;
  return binding;
}

async function load(file: string) {
  if (context) {
    await context.release();
    context = null;
  }
  const check = await checkModel(file);
  if (!check.ok) throw new RequestError('bad_model', check.reason);
  context = await whisper().initWhisper({ filePath: file, useGpu: false });
  return check;
}

/** 16 kHz float samples to the signed 16-bit PCM transcribeData takes. */
function toPcm16(samples: Float32Array): ArrayBuffer {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    out[i] = Math.round(s * 32767);
  }
  return out.buffer;
}

async function speechOf(samples: Float32Array, resourcesDir: string) {
  if (!vad && !vadUnavailable) {
    try {
      vad = await VoiceActivity.open(resourcesDir);
    } catch (error) {
      vadUnavailable = (error as Error).message;
    }
  }
  if (!vad) return { speech: null, speechNote: vadUnavailable ?? 'no voice activity model' };
  const { segments } = await detectSpeech(samples, vad);
  return { speech: segments };
}

async function transcribe(id: number, request: TranscribeRequest): Promise<RawTranscription> {
  if (!context) throw new RequestError('no_model', 'No transcription model is loaded.');
  let samples: Float32Array;
  try {
    const probe = await probeAudio(request.file);
    if (!probe.hasAudio) throw new RequestError('no_audio', probe.reason);
    samples = await readAudioSamples(request.file);
  } catch (error) {
    if (error instanceof RequestError) throw error;
    throw new RequestError('media', (error as Error).message);
  }
  const durationMs = (samples.length / 16000) * 1000;
  const started = performance.now();
  const { promise } = context.transcribeData(toPcm16(samples), {
    language: request.language,
    maxThreads: request.threads,
    // One segment per token, each with its own timestamps: the words are built from these.
    maxLen: 1,
    tokenTimestamps: true,
    temperature: 0,
    ...(request.temperatureInc === undefined ? {} : { temperatureInc: request.temperatureInc }),
    onProgress: (percent: number) => send({ type: 'progress', id, progress: percent / 100 }),
  });
  const result = await promise;
  const whisperMs = performance.now() - started;
  const tokens: TimedToken[] = [];
  for (const segment of result.segments) {
    if (!segment.text) continue;
    // Random or confused decoding can stamp past the end of the audio; keep times inside it.
    const startMs = Math.min(Math.max(0, segment.t0), durationMs);
    const endMs = Math.min(Math.max(startMs, segment.t1), durationMs);
    tokens.push({ text: segment.text, startMs, endMs });
  }
  return {
    durationMs,
    language: result.language ?? null,
    tokens,
    ...(await speechOf(samples, request.resourcesDir)),
    whisperMs,
    threads: request.threads,
  };
}

async function release(): Promise<null> {
  await context?.release();
  context = null;
  return null;
}

function usage(): ProcessUsage {
  // resourceUsage().maxRSS is in kilobytes.
  return { rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 };
}

async function handle(message: ToWhisper): Promise<void> {
  try {
    switch (message.type) {
      case 'load':
        send({ type: 'done', id: message.id, value: await load(message.file) });
        return;
      case 'transcribe':
        send({
          type: 'done',
          id: message.id,
          value: await transcribe(message.id, message.request),
        });
        return;
      case 'release':
        send({ type: 'done', id: message.id, value: await release() });
        return;
      case 'usage':
        send({ type: 'done', id: message.id, value: usage() });
        return;
    }
  } catch (error) {
    const kind = error instanceof RequestError ? error.kind : 'whisper';
    send({ type: 'error', id: message.id, kind, message: (error as Error).message });
  }
}

let queue = Promise.resolve();
parent.onMessage((message) => {
  queue = queue.then(() => handle(message as ToWhisper));
});
// The station went away (even by SIGKILL): nothing is left to answer to.
parent.onParentGone(() => process.exit(0));

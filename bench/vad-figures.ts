/**
 * The voice-detection lines of `npm run bench:signals`: CPU per second of audio and what is
 * found in the test bank (test-sounds.ts), for Silero alone (the station before the level
 * normaliser and texture check) and for the station's detector. Prints, never asserts; the
 * tests in voice-detector.test.ts hold the limits.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectSpeech } from '../electron/signals/worker/speech-segments';
import {
  buildSoundBank,
  soundBankAvailable,
  speechRecall,
  totalMs,
} from '../electron/signals/worker/test-sounds';
import { VAD_FRAME, VoiceActivity } from '../electron/signals/worker/vad';
import {
  VoiceDetector,
  type VoiceDetectorOptions,
} from '../electron/signals/worker/voice-detector';

const SILERO_ALONE = { normalise: false, texture: false };

export async function printVadFigures(smoke: boolean): Promise<void> {
  if (!soundBankAvailable()) {
    console.log('  voice detection: not measured: needs sox, jfk.wav and /usr/share/sounds/alsa');
    return;
  }
  const bank = buildSoundBank();
  const vad = await VoiceActivity.open(path.resolve('resources'));
  try {
    const speech = smoke ? bank.speech.slice(0, 1) : bank.speech;
    const others = smoke ? bank.nonSpeech.slice(0, 3) : bank.nonSpeech;
    let audioMs = 0;
    const cpuMs = { before: 0, after: 0 };
    const run = async (samples: Float32Array, mode: 'before' | 'after') => {
      const options: Partial<VoiceDetectorOptions> = mode === 'before' ? SILERO_ALONE : {};
      const start = performance.now();
      const { segments } = await detectSpeech(samples, vad, {}, options);
      cpuMs[mode] += performance.now() - start;
      if (mode === 'before') audioMs += (samples.length / 16000) * 1000;
      return segments;
    };
    const lines: string[] = [];
    for (const { normal, variants, truth } of speech) {
      const reference = { before: 0, after: 0 };
      for (const sound of [normal, ...variants]) {
        const cells: string[] = [];
        for (const mode of ['before', 'after'] as const) {
          const segments = await run(sound.samples, mode);
          if (sound === normal) reference[mode] = totalMs(segments);
          const share = totalMs(segments) / reference[mode];
          cells.push(`recall ${speechRecall(segments, truth).toFixed(2)} ${share.toFixed(2)}×`);
        }
        lines.push(`    ${sound.name.padEnd(34)} ${cells.join('  →  ')}`);
      }
    }
    const heard = { before: [] as string[], after: [] as string[] };
    for (const sound of others) {
      for (const mode of ['before', 'after'] as const) {
        const ms = totalMs(await run(sound.samples, mode));
        if (ms > 0) heard[mode].push(`${sound.name} ${(ms / 1000).toFixed(1)} s`);
      }
    }
    // The normaliser and texture check alone, over a stub model: their own cost.
    const stub = { process: () => Promise.resolve({ probability: 0, rms: 0 }), reset() {} };
    const extras = new VoiceDetector(stub);
    const frames = speech[0]?.normal.samples ?? new Float32Array(VAD_FRAME);
    const extraStart = performance.now();
    let extraFrames = 0;
    for (let at = 0; at + VAD_FRAME <= frames.length; at += VAD_FRAME, extraFrames++) {
      await extras.process(frames.subarray(at, at + VAD_FRAME));
    }
    const extraMsPerSecond = (performance.now() - extraStart) / ((extraFrames * 32) / 1000);
    const perSecond = (ms: number) => ms / (audioMs / 1000);
    console.log(
      `  voice detection over ${(audioMs / 1000).toFixed(0)} s of test audio (${speech.length} speech recordings × ${(speech[0]?.variants.length ?? 0) + 1} versions, ${others.length} other sounds), Silero alone → station detector:`,
    );
    console.log(
      `    CPU per second of audio: ${perSecond(cpuMs.before).toFixed(1)} ms → ${perSecond(cpuMs.after).toFixed(1)} ms (normaliser + texture check alone ${extraMsPerSecond.toFixed(2)} ms)`,
    );
    for (const line of lines) console.log(line);
    console.log(
      `    other sounds heard as speech: ${heard.before.length} of ${others.length} → ${heard.after.length} of ${others.length}`,
    );
    for (const mode of ['before', 'after'] as const) {
      if (heard[mode].length > 0) console.log(`      ${mode}: ${heard[mode].join('; ')}`);
    }
  } finally {
    bank.dispose();
    await vad.close();
  }
}

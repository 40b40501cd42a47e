import type { SessionSummary, SignalEvent } from '../../../shared/signals';
import { readAudioSamples, readVideoFrames } from '../worker/media-decode';
import { SignalAnalyzer, type SignalRunOptions } from '../worker/signal-analyzer';
import type { ThresholdOverrides } from '../worker/thresholds';
import { VAD_RATE } from '../worker/vad';

export interface AnalyzeOptions extends SignalRunOptions {
  video?: string;
  audio?: string;
  resourcesDir: string;
  /** Analysed frames per second (the live pipeline runs at about 15). */
  fps?: number;
  /** Changes to the default thresholds, e.g. to re-analyse after a station changed them. */
  thresholds?: ThresholdOverrides;
  onProgress?: (progress: { stage: 'video' | 'audio'; mediaMs: number }) => void;
}

export interface AnalysisResult {
  durationMs: number;
  framesAnalyzed: number;
  events: SignalEvent[];
  speech: { startMs: number; endMs: number }[];
  summary: SessionSummary;
}

// Audio goes in ten-second pieces so progress can be reported on long recordings.
const AUDIO_CHUNK = VAD_RATE * 10;

/**
 * Runs the live session's pipeline (SignalAnalyzer) over recorded files as fast as the
 * machine allows, so a threshold change can be re-applied to old recordings. Video only
 * gives no audio results; audio only gives no vision results.
 */
export async function analyzeFiles(opts: AnalyzeOptions): Promise<AnalysisResult> {
  if (!opts.video && !opts.audio) throw new Error('Give a video file, an audio file, or both.');
  const fps = opts.fps ?? 15;
  // Decode the audio first: a file ffmpeg cannot read should fail before minutes of video work.
  const samples = opts.audio ? await readAudioSamples(opts.audio, VAD_RATE) : null;
  const analyzer = await SignalAnalyzer.open({
    resourcesDir: opts.resourcesDir,
    fps,
    thresholds: opts.thresholds,
    landmarkEvery: opts.landmarkEvery,
    speechDuringReading: opts.speechDuringReading,
  });
  try {
    let videoMs = 0;
    let frames = 0;
    if (opts.video) {
      for await (const frame of readVideoFrames(opts.video, { fps })) {
        await analyzer.analyzeFrame(frame);
        frames += 1;
        videoMs = frame.tMs + 1000 / fps;
        if (frames % (fps * 10) === 0) opts.onProgress?.({ stage: 'video', mediaMs: frame.tMs });
      }
    }
    let audioMs = 0;
    if (samples) {
      for (let at = 0; at < samples.length; at += AUDIO_CHUNK) {
        await analyzer.analyzeAudio((at / VAD_RATE) * 1000, samples.subarray(at, at + AUDIO_CHUNK));
        opts.onProgress?.({ stage: 'audio', mediaMs: (at / VAD_RATE) * 1000 });
      }
      audioMs = (samples.length / VAD_RATE) * 1000;
    }
    const durationMs = Math.max(videoMs, audioMs);
    // All events, without evidence frames: files give a report, not thumbnails.
    const { events, speech, summary } = await analyzer.finish(durationMs);
    return { durationMs, framesAnalyzed: frames, events, speech, summary };
  } finally {
    await analyzer.close();
  }
}

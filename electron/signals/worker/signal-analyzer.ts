import { countByType, IntervalDetector } from './events';
import {
  type Evidence,
  type EvidencedEvent,
  type SessionSummary,
  type SignalEvent,
  type FrameSignals,
} from '../../../shared/signals';
import type { EventType, SessionPhase } from '../../../shared/enums';
import { FaceDetector, type DetectedFace } from './face-detector';
import { FaceTracking, type LandmarkSignals } from './face-tracking';
import { openHybridLandmarks } from './hybrid-landmarks';
import { OtherVoice } from './other-voice';
import { DETECT_EVERY, DetectionSchedule } from './detection-schedule';
import {
  DEFAULT_LANDMARK_EVERY,
  debounceWith,
  mouthWith,
  withOverrides,
  type DebounceTable,
  type ThresholdOverrides,
} from './thresholds';
import { SpeechSegmenter } from './speech-segments';
import type { StampedFrame } from '../../../shared/frames';
import type { CalibrationBaseline } from '../../../shared/calibration';
import { VAD_FRAME, VAD_FRAME_MS, VAD_RATE, VoiceActivity } from './vad';
import { VoiceDetector } from './voice-detector';

/**
 * Audio that starts this much later than the previous chunk ended is a gap (the microphone
 * stopped and came back): the VAD's recurrent state and the texture window start afresh.
 */
const AUDIO_GAP_MS = 500;

/**
 * Evidence frames kept per event type for events not yet handed out: a new event of a type
 * may start (a short gap in speech) before the one before it has settled.
 */
const EVIDENCE_KEPT = 4;
/** A frame this close to an audio event's start shows its moment (see keepAudioEvidence). */
const AUDIO_EVIDENCE_MS = 1000;

export interface AnalyzerOptions {
  resourcesDir: string;
  /** Analysed frames per second; sets how long one frame stands for. */
  fps?: number;
  /**
   * Run face landmarks (eyes, head pose, gaze) on every Nth frame (every frame by default,
   * DEFAULT_LANDMARK_EVERY); 0 turns them off.
   */
  landmarkEvery?: number;
  /**
   * With landmarks on every frame, the detector runs on every Nth frame while the mesh tracks
   * one face (detection-schedule.ts; DETECT_EVERY by default); 1: on every frame.
   */
  detectEvery?: number;
  /** Changes to the default thresholds (tunable per station, or per analysis run). */
  thresholds?: ThresholdOverrides;
  /** Whether speech while the question is read is an event (on unless a station turns it off). */
  speechDuringReading?: boolean;
  /** The candidate's calibrated neutral pose and gaze; none: absolute angles. */
  baseline?: CalibrationBaseline | null;
}

/** The options a station sets for its sessions, besides the thresholds. */
export type SignalRunOptions = Pick<
  AnalyzerOptions,
  'landmarkEvery' | 'speechDuringReading' | 'baseline'
>;

interface SpeechSegment {
  startMs: number;
  endMs: number;
}

/**
 * The proctoring pipeline for one session or one file: faces on every frame, voice
 * activity on every 32 ms of audio, and debounced events. Live sessions run it in a worker
 * thread (signal-worker.ts); the analyze command runs it over files. Frames and audio carry
 * session-clock milliseconds, so everything it reports lines up with the recording.
 */
export class SignalAnalyzer {
  private readonly detectors = new Map<EventType, IntervalDetector>();
  private readonly segmenter = new SpeechSegmenter({ frameMs: VAD_FRAME_MS });
  private readonly speech: SpeechSegment[] = [];
  private readonly period: number;
  // Reused: each frame is awaited before the next one is filled in.
  private readonly audioBuffer = new Float32Array(VAD_FRAME);
  private audioFill = 0;
  /** Session time of the first sample in `audioBuffer`. */
  private audioFrameStartMs = 0;
  private audioStartMs: number | null = null;
  private voiceActive: boolean | null = null;
  private lastRms: number | null = null;
  private phase: SessionPhase = 'answering';
  private readonly reported = new Set<string>();
  /**
   * Evidence frames by event (type@startMs) until the event is handed out. An event that
   * starts and is dropped as too short leaves its frame behind: at most EVIDENCE_KEPT a type.
   */
  private readonly evidence = new Map<string, { type: EventType; frame: Evidence }>();
  private frames = 0;
  private framesWithFace = 0;
  private framesWithSeveral = 0;
  private lastFrameEndMs = 0;
  private lastAudioEndMs = 0;
  private lastPrimary: DetectedFace | null = null;
  /**
   * The latest analysed frame (held, not copied: each frame arrives in its own buffer), so an
   * audio event gets the camera's picture of its moment as evidence.
   */
  private lastFrame: StampedFrame | null = null;
  /** An audio event that started before any frame near it: the next frame is its evidence. */
  private audioEvidenceWaiting: { type: EventType; startMs: number } | null = null;
  /** Silero behind the level normaliser and the texture check. */
  private readonly voiceDetector: VoiceDetector;

  private constructor(
    private readonly faces: FaceDetector,
    private readonly voice: VoiceActivity,
    private readonly tracking: FaceTracking | null,
    fps: number,
    debounce: DebounceTable,
    private readonly speechDuringReading: boolean,
    /** Speech against the primary face's mouth; null without landmarks (nothing to judge). */
    private readonly otherVoice: OtherVoice | null,
    private readonly schedule: DetectionSchedule,
  ) {
    tracking?.setEvidenceSink((type, frame) => this.keep(type, frame));
    tracking?.setMouthSink((frame, opening) => otherVoice?.pushMouth(frame.tMs, opening, frame));
    otherVoice?.setEvidenceSink((frame) => this.keep('other_voice', frame));
    this.voiceDetector = new VoiceDetector(voice);
    this.period = 1000 / fps;
    for (const type of ['no_face', 'multiple_faces', 'speech_during_reading'] as const) {
      this.detectors.set(type, new IntervalDetector(type, debounce[type]));
    }
  }

  static async open(opts: AnalyzerOptions): Promise<SignalAnalyzer> {
    const fps = opts.fps ?? 15;
    const every = opts.landmarkEvery ?? DEFAULT_LANDMARK_EVERY;
    const debounce = debounceWith(opts.thresholds);
    const [faces, voice] = await Promise.all([
      FaceDetector.open(opts.resourcesDir),
      VoiceActivity.open(opts.resourcesDir),
    ]);
    // The landmark engine levels each face by the detector's eyes (profiles, which it cannot
    // level, go to human's own detector), and asks the detector for faces when given none.
    const landmarks =
      every > 0
        ? await openHybridLandmarks({ finder: faces, resourcesDir: opts.resourcesDir })
        : null;
    const tracking = landmarks
      ? new FaceTracking(landmarks, {
          every,
          periodMs: 1000 / fps,
          thresholds: withOverrides(opts.thresholds),
          debounce,
          baseline: opts.baseline,
        })
      : null;
    const speechDuringReading = opts.speechDuringReading ?? true;
    const otherVoice = tracking
      ? new OtherVoice({
          thresholds: mouthWith(opts.thresholds),
          debounce: debounce.other_voice,
          landmarkPeriodMs: (1000 / fps) * every,
        })
      : null;
    return new SignalAnalyzer(
      faces,
      voice,
      tracking,
      fps,
      debounce,
      speechDuringReading,
      otherVoice,
      // Only a mesh on every frame can carry the face between detections.
      new DetectionSchedule(tracking && every === 1 ? (opts.detectEvery ?? DETECT_EVERY) : 1),
    );
  }

  /** Reading or answering: speech during reading time is an event of its own. */
  setPhase(phase: SessionPhase): void {
    this.phase = phase;
  }

  /** Analyses one video frame (packed rgb24) taken at `tMs` on the session clock. */
  async analyzeFrame(frame: StampedFrame) {
    const found = await this.schedule.faces(() => this.faces.detect(frame));
    const endMs = frame.tMs + this.period;
    if (this.detector('no_face').push(frame.tMs, found.length === 0, endMs)) {
      this.keep('no_face', frame);
    }
    if (this.detector('multiple_faces').push(frame.tMs, found.length > 1, endMs)) {
      this.keep('multiple_faces', frame);
    }
    this.lastFrame = frame;
    const waiting = this.audioEvidenceWaiting;
    if (waiting) {
      this.audioEvidenceWaiting = null;
      this.keep(waiting.type, frame, waiting.startMs);
    }
    this.frames += 1;
    if (found.length > 0) this.framesWithFace += 1;
    if (found.length > 1) this.framesWithSeveral += 1;
    this.lastFrameEndMs = Math.max(this.lastFrameEndMs, endMs);
    const face = primary(found, this.lastPrimary);
    this.lastPrimary = face;
    const landmarks = this.tracking ? await this.tracking.analyze(frame, face) : null;
    this.schedule.landmarksFound(landmarks?.earAvg != null);
    return this.signalsFor(frame.tMs, face, found.length, landmarks);
  }

  /** Feeds 16 kHz mono samples whose first sample was taken at `tMs` on the session clock. */
  async analyzeAudio(tMs: number, samples: Float32Array): Promise<void> {
    if (this.audioStartMs === null) this.audioStartMs = tMs;
    else await this.bridgeGap(tMs);
    let offset = 0;
    while (offset < samples.length) {
      if (this.audioFill === 0) this.audioFrameStartMs = tMs + (offset * 1000) / VAD_RATE;
      const take = Math.min(VAD_FRAME - this.audioFill, samples.length - offset);
      this.audioBuffer.set(samples.subarray(offset, offset + take), this.audioFill);
      this.audioFill += take;
      offset += take;
      if (this.audioFill === VAD_FRAME) {
        await this.analyzeVoiceFrame(this.audioFrameStartMs);
        this.audioFill = 0;
      }
    }
  }

  /** Events that became final since the last call (live sessions store and push these). */
  takeSettledEvents(): EvidencedEvent[] {
    const all = [...this.detectors.values()].flatMap((d) => d.settled());
    return this.unreported([
      ...all,
      ...(this.tracking?.settled() ?? []),
      ...(this.otherVoice?.settled() ?? []),
    ]);
  }

  /** Closes open intervals at the end of the media or session and sums everything up. */
  async finish(endMs?: number) {
    if (this.audioFill > 0 && this.audioStartMs !== null) {
      // A last partial frame is zero-padded so trailing speech is not lost.
      this.audioBuffer.fill(0, this.audioFill);
      await this.analyzeVoiceFrame(this.audioFrameStartMs);
      this.audioFill = 0;
    }
    endMs ??= Math.max(this.lastFrameEndMs, this.lastAudioEndMs);
    // Each stream closes where it ended: a visual event cannot outlast the last frame seen,
    // even when the audio (or the session) runs on.
    const videoEnd = Math.min(endMs, this.lastFrameEndMs);
    const audioEnd = Math.min(endMs, this.lastAudioEndMs);
    const segment = this.segmenter.flush(audioEnd);
    if (segment) this.speech.push(segment);
    const face = this.tracking?.finish(videoEnd);
    const events = [...this.detectors.entries()]
      .flatMap(([type, detector]) =>
        detector.finish(type === 'speech_during_reading' ? audioEnd : videoEnd),
      )
      .concat(face?.events ?? [])
      // Speech is judged against the frames, so it ends where both streams still ran.
      .concat(this.otherVoice?.finish(Math.min(audioEnd, videoEnd)) ?? [])
      .sort((a, b) => a.startMs - b.startMs);
    const speakingMs = this.speech.reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
    const audioMs = this.audioStartMs === null ? 0 : this.lastAudioEndMs - this.audioStartMs;
    const percent = (n: number) => (this.frames > 0 ? round((100 * n) / this.frames) : null);
    const summary: SessionSummary = {
      durationMs: endMs,
      framesAnalyzed: this.frames,
      facePresentPercent: percent(this.framesWithFace),
      multipleFacesPercent: percent(this.framesWithSeveral),
      lookingAwayMs: face?.lookingAwayMs ?? null,
      blinksPerMinute: face?.blinksPerMinute ?? null,
      speakingRatio: audioMs > 0 ? round(speakingMs / audioMs) : null,
      eventsByType: countByType(events),
    };
    return { events, unreported: this.unreported(events), speech: [...this.speech], summary };
  }

  /** The events not handed out before, with their evidence frames, marking them handed out. */
  private unreported(events: SignalEvent[]): EvidencedEvent[] {
    const fresh = events.filter((e) => !this.reported.has(`${e.type}@${e.startMs}`));
    return fresh.map((event) => {
      this.reported.add(`${event.type}@${event.startMs}`);
      const key = `${event.type}@${event.startMs}`;
      const kept = this.evidence.get(key);
      if (!kept) return event;
      this.evidence.delete(key);
      return { ...event, evidence: kept.frame };
    });
  }

  /**
   * Keeps a copy of the frame an event may start on; `startMs` is the event's start when that
   * is not the frame's own time (an audio event).
   */
  private keep(type: EventType, frame: { tMs: number } & Evidence, startMs = frame.tMs): void {
    const { width, height } = frame;
    this.evidence.set(`${type}@${startMs}`, {
      type,
      frame: { width, height, data: frame.data.slice() },
    });
    // Map order is insertion order: the first of this type is the oldest.
    const ofType = [...this.evidence].filter(([, kept]) => kept.type === type);
    if (ofType.length > EVIDENCE_KEPT) this.evidence.delete(ofType[0]?.[0] ?? '');
  }

  /**
   * The picture of an audio event's moment: the latest frame when it is close enough in time
   * (audio and video arrive interleaved, each within a frame or two of the other), else the
   * next frame to come.
   */
  private keepAudioEvidence(type: EventType, startMs: number): void {
    const frame = this.lastFrame;
    if (frame && Math.abs(frame.tMs - startMs) <= AUDIO_EVIDENCE_MS)
      this.keep(type, frame, startMs);
    else this.audioEvidenceWaiting = { type, startMs };
  }

  async close(): Promise<void> {
    await Promise.all([this.faces.close(), this.voice.close(), this.tracking?.close()]);
  }

  /**
   * Ends what came before a gap in the audio: the partial frame is analysed, a segment still
   * open closes where the audio stopped, and the detector forgets the audio before the gap
   * (but keeps the speaker's level: it is the same microphone and room).
   */
  private async bridgeGap(tMs: number): Promise<void> {
    const heardUntil =
      this.audioFill > 0
        ? this.audioFrameStartMs + (this.audioFill * 1000) / VAD_RATE
        : this.lastAudioEndMs;
    if (tMs - heardUntil < AUDIO_GAP_MS) return;
    if (this.audioFill > 0) {
      this.audioBuffer.fill(0, this.audioFill);
      await this.analyzeVoiceFrame(this.audioFrameStartMs);
      this.audioFill = 0;
    }
    // Up to where the microphone was heard, not the zero padding of its last frame.
    const segment = this.segmenter.flush(heardUntil);
    if (segment) this.speech.push(segment);
    this.voiceActive = false;
    this.voiceDetector.reset(false);
  }

  private async analyzeVoiceFrame(frameStart: number): Promise<void> {
    const { probability, rms } = await this.voiceDetector.process(this.audioBuffer);
    const segment = this.segmenter.push(frameStart, probability);
    if (segment) this.speech.push(segment);
    this.voiceActive = this.segmenter.speaking;
    this.lastRms = rms;
    const endMs = frameStart + (VAD_FRAME * 1000) / VAD_RATE;
    this.lastAudioEndMs = endMs;
    this.otherVoice?.pushVoice(frameStart, endMs, this.segmenter.speaking);
    const starts = this.detector('speech_during_reading').push(
      frameStart,
      this.speechDuringReading && this.phase === 'reading' && this.segmenter.speaking,
      endMs,
    );
    if (starts) this.keepAudioEvidence('speech_during_reading', frameStart);
  }

  private signalsFor(
    tMs: number,
    face: DetectedFace | null,
    faceCount: number,
    landmarks: LandmarkSignals | null,
  ): FrameSignals {
    const box = face?.box;
    return {
      tMs,
      faceCount,
      faceConfidence: face ? round(face.score) : null,
      faceBox: box ? [box.x, box.y, box.width, box.height] : null,
      earLeft: landmarks?.earLeft ?? null,
      earRight: landmarks?.earRight ?? null,
      earAvg: landmarks?.earAvg ?? null,
      blink: landmarks?.blink ?? null,
      pitch: landmarks?.pitch ?? null,
      yaw: landmarks?.yaw ?? null,
      roll: landmarks?.roll ?? null,
      gazeX: landmarks?.gazeX ?? null,
      gazeY: landmarks?.gazeY ?? null,
      lookingAway: landmarks?.lookingAway ?? null,
      voiceActive: this.voiceActive,
      rms: this.lastRms,
    };
  }

  private detector(type: EventType): IntervalDetector {
    const detector = this.detectors.get(type);
    if (!detector) throw new Error(`No detector for ${type}`);
    return detector;
  }
}

/**
 * The face the session is about: the one that overlaps the previous primary face, so eyes and
 * blinks follow one person while others come and go; otherwise the largest in view.
 */
function primary(faces: DetectedFace[], previous: DetectedFace | null): DetectedFace | null {
  const area = (f: DetectedFace) => f.box.width * f.box.height;
  const same = previous ? faces.find((f) => overlap(f, previous) > 0.3) : undefined;
  if (same) return same;
  return faces.reduce<DetectedFace | null>(
    (best, f) => (!best || area(f) > area(best) ? f : best),
    null,
  );
}

/** Intersection over union of two face boxes. */
function overlap(a: DetectedFace, b: DetectedFace): number {
  const x = Math.max(
    0,
    Math.min(a.box.x + a.box.width, b.box.x + b.box.width) - Math.max(a.box.x, b.box.x),
  );
  const y = Math.max(
    0,
    Math.min(a.box.y + a.box.height, b.box.y + b.box.height) - Math.max(a.box.y, b.box.y),
  );
  const shared = x * y;
  return shared / (a.box.width * a.box.height + b.box.width * b.box.height - shared);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

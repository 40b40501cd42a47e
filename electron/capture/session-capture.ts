/**
 * Capture for one running stretch of a session (from its start or a resume to its end or the
 * station's): the camera records segment files and feeds every frame to the signal worker;
 * the microphone feeds voice activity, the recording's sound track and audio/video answers;
 * all on the session clock, so replay, signals, events and answers line up.
 *
 * A device that fails (unplugged, driver crash, ffmpeg killed) is a `camera_lost` or
 * `mic_lost` event, a calm notice for the candidate, and retries with growing pauses; a
 * camera that comes back records into a new segment, so the gap stays visible. The
 * interview itself never waits for a device.
 */
import path from 'node:path';
import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import { ownerOnlyFolder } from '../core/owner-only';
import { isDiskFull } from '../core/disk-space';
import type { AnswerTake } from '../domain/session-events';
import type { StationDevice } from '../domain/notice-board';
import type { SignalEvent, FrameSignals } from '../../shared/signals';
import type { SignalRunOptions } from '../signals/worker/signal-analyzer';
import type { SessionPhase } from '../../shared/enums';
import { SignalPipeline } from '../signals/store/signal-pipeline';
import type { ThresholdOverrides } from '../signals/worker/thresholds';
import { int16ToFloat32 } from '../signals/worker/vad';
import { AnswerRecorder, type RecordingRef } from './answer-recorder';
import { startCamera, type Camera, type CameraFrame, type CameraSource } from './camera';
import {
  closeRecording,
  currentSegment,
  insertRecording,
  openNextSegment,
  recordDeviceBack,
  recordDeviceLost,
} from './capture-store';
import type { DeviceFeed } from './device-feed';
import { DeviceRetry } from './device-retry';
import { startMicrophone, type Microphone, type MicrophoneChunk } from './microphone';

export interface MicrophoneChoice {
  /** ALSA device for arecord, e.g. 'pulse' or 'default'. */
  device: string;
  /** Environment of the recorder (PULSE_SERVER…). */
  env?: NodeJS.ProcessEnv;
}

export interface SessionCaptureOptions {
  db: Db;
  dataDir: string;
  /**
   * The files key new media are sealed with (encryption at rest): the recording, answer takes
   * and clips, evidence thumbnails. None: plain.
   */
  sealWith?: Buffer | null;
  resourcesDir: string;
  /** The built signal worker (out/station/signal-worker.mjs). */
  workerFile: string;
  source: CameraSource;
  /** The microphone: voice activity, the recording's sound and spoken answers. */
  microphone?: MicrophoneChoice | null;
  sessionId: number;
  /** Record into a new segment rather than the session's current one (recording resumed). */
  newSegment?: boolean;
  /** Wall-clock start of the session: time 0 of the session clock. */
  sessionStartedAt: number;
  /** The station's wall clock (the one `sessionStartedAt` was read from). */
  clock: Clock;
  log: (line: string) => void;
  /** The station's changes to the signal thresholds. */
  thresholds?: ThresholdOverrides;
  /** The station's landmark rate and speech-during-reading switch. */
  signalOptions?: SignalRunOptions;
  /** Every camera frame with its session-clock stamp, as the signal pipeline gets it. */
  onFrame?: (frame: CameraFrame) => void;
  /** Every analysed frame's signals, e.g. for candidate notices. */
  onSignals?: (sessionId: number, signals: FrameSignals) => void;
  /** Each proctoring event right after it is stored, e.g. for the staff's live panel. */
  onEvent?: (sessionId: number, event: SignalEvent) => void;
  /** Tells the candidate a device is being reconnected (or is back). */
  onDevice?: (sessionId: number, device: StationDevice, lost: boolean) => void;
  /** Preview and level for the candidate's page. */
  feed?: DeviceFeed | null;
  /** An audio or video answer's media was stored. */
  onAnswerMedia?: (answerId: number) => void;
  /** Pauses between reconnect tries (tests make them short). */
  retryDelaysMs?: readonly number[];
}

/** After the last kept answer, capture runs this long before stopping, so its end is on disk. */
const ANSWER_TAIL_MS = 2000;

interface LostDevice {
  /** null when the disk was too full to record the loss. */
  eventId: number | null;
  retry: DeviceRetry;
}

export class SessionCapture {
  private camera: Camera | null = null;
  private recording: (Omit<RecordingRef, 'complete'> & { mediaId: number }) | null = null;
  private recordingComplete = false;
  private microphone: Microphone | null = null;
  private readonly lost = new Map<StationDevice, LostDevice>();
  private stopped = false;
  private readonly answers: AnswerRecorder;
  private readonly clock: () => number;

  private constructor(
    private readonly opts: SessionCaptureOptions,
    private readonly pipeline: SignalPipeline,
  ) {
    this.clock = () => opts.clock.now() - opts.sessionStartedAt;
    this.answers = new AnswerRecorder({
      db: opts.db,
      dataDir: opts.dataDir,
      sessionId: opts.sessionId,
      clock: opts.clock,
      log: opts.log,
      onAnswerMedia: opts.onAnswerMedia,
      sealWith: opts.sealWith ?? null,
      recording: () =>
        this.recording ? { ...this.recording, complete: this.recordingComplete } : null,
    });
  }

  /** Starts the signal worker and the devices; a device that fails to start is retried. */
  static async start(opts: SessionCaptureOptions): Promise<SessionCapture> {
    const pipeline = await SignalPipeline.start({
      workerFile: opts.workerFile,
      resourcesDir: opts.resourcesDir,
      dataDir: opts.dataDir,
      sealWith: opts.sealWith,
      db: opts.db,
      sessionId: opts.sessionId,
      clock: opts.clock,
      log: opts.log,
      thresholds: opts.thresholds,
      ...opts.signalOptions,
      onSignals: (signals) => opts.onSignals?.(opts.sessionId, signals),
      onEvent: (event) => opts.onEvent?.(opts.sessionId, event),
    });
    const capture = new SessionCapture(opts, pipeline);
    opts.feed?.status({ camera: 'starting', microphone: opts.microphone ? 'starting' : 'off' });
    const segmentId = opts.newSegment
      ? null
      : (currentSegment(opts.db, opts.sessionId)?.id ?? null);
    await Promise.all([
      capture.openCamera(segmentId).catch((error: unknown) => capture.deviceLost('camera', error)),
      opts.microphone
        ? capture
            .openMicrophone()
            .catch((error: unknown) => capture.deviceLost('microphone', error))
        : null,
    ]);
    return capture;
  }

  setPhase(phase: SessionPhase): void {
    this.pipeline.setPhase(phase);
  }

  /** Frames the signal worker took and dropped (busy) so far, for npm run bench:session. */
  get signalStats(): { accepted: number; dropped: number } {
    return this.pipeline.stats;
  }

  takeStarted(take: AnswerTake): void {
    this.answers.start(take);
  }

  takeEnded(take: AnswerTake, endMs: number, keep: boolean): void {
    this.answers.end(take, endMs, keep);
  }

  /** Finalises the recording and the answers, stores the last signals, events and summary. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.lost.values()].map((lost) => lost.retry.cancel()));
    const tail = this.answers.lastKeptEndedAt + ANSWER_TAIL_MS - this.opts.clock.now();
    if (tail > 0) await new Promise((resolve) => setTimeout(resolve, tail));
    const endMs = this.clock();
    await Promise.all([this.camera?.stop(), this.microphone?.stop()]);
    this.recordingComplete = true;
    const recording = this.recording;
    if (this.camera && recording) {
      this.unlessDiskFull('the end of the recording', () =>
        closeRecording(this.opts.db, recording.mediaId, endMs),
      );
    }
    await this.answers.settle();
    await this.pipeline.finish(endMs);
    this.opts.feed?.reset();
  }

  private async openCamera(segmentId: number | null): Promise<void> {
    const { db, dataDir, sessionId } = this.opts;
    const relativePath = path.join(
      'media',
      `session-${sessionId}`,
      `segment-${this.opts.clock.now()}.mp4`,
    );
    const file = path.join(dataDir, relativePath);
    ownerOnlyFolder(path.dirname(file));
    const camera = await startCamera({
      source: this.opts.source,
      recordingFile: file,
      sealWith: this.opts.sealWith ?? null,
      recordAudio: Boolean(this.opts.microphone),
      // On Windows the microphone's device is its dshow name (capture-config.ts).
      dshowAudioDevice: this.opts.microphone?.device ?? null,
      registryFolder: dataDir,
      clock: this.clock,
      onFrame: (frame) => {
        this.opts.onFrame?.(frame);
        // Once stopping (the session ended, or the candidate withdrew) nothing more is analysed,
        // though the camera takes a moment to close its recording.
        if (!this.stopped) this.pipeline.pushFrame(frame);
      },
      onPreview: (jpeg) => this.opts.feed?.preview(jpeg),
      onError: (error) => this.deviceLost('camera', error),
    });
    if (this.stopped) {
      await camera.stop();
      return;
    }
    // A camera that came back opens the next segment; the first one records the current.
    const segment =
      segmentId ?? openNextSegment(db, sessionId, camera.startedAtMs, this.opts.clock.now());
    this.camera = camera;
    this.recordingComplete = false;
    this.recording = {
      file,
      startMs: camera.startedAtMs,
      segmentId: segment,
      mediaId: insertRecording(db, {
        sessionId,
        segmentId: segment,
        relativePath,
        startMs: camera.startedAtMs,
      }),
    };
    this.opts.feed?.status({ camera: 'ok' });
  }

  private async openMicrophone(): Promise<void> {
    const choice = this.opts.microphone;
    if (!choice) return;
    const microphone = await startMicrophone({
      device: choice.device,
      env: choice.env,
      clock: this.clock,
      registryFolder: this.opts.dataDir,
      onChunk: (chunk) => this.onAudio(chunk),
      onLevel: (level) => this.opts.feed?.level(level.rmsDb),
      onError: (error) => this.deviceLost('microphone', error),
    });
    if (this.stopped) {
      await microphone.stop();
      return;
    }
    this.microphone = microphone;
    this.opts.feed?.status({ microphone: 'ok' });
  }

  private onAudio(chunk: MicrophoneChunk): void {
    if (!this.stopped) this.pipeline.pushAudio(chunk.tMs, int16ToFloat32(chunk.samples));
    this.camera?.pushAudio(chunk);
    this.answers.push(chunk);
  }

  /** A device failed: record it, tell the candidate, and keep trying to bring it back. */
  private deviceLost(device: StationDevice, error: unknown): void {
    if (this.stopped || this.lost.has(device)) return;
    const { db, sessionId, log } = this.opts;
    const reason = (error as Error).message;
    const atMs = this.clock();
    log(`${device}: lost: ${reason}`);
    if (device === 'camera') {
      this.camera = null;
      this.recordingComplete = true;
      const recording = this.recording;
      // ffmpeg exits when the disk is full; these writes then fail too, in its exit handler.
      if (recording)
        this.unlessDiskFull('the end of the recording', () =>
          closeRecording(db, recording.mediaId, atMs),
        );
    } else {
      this.microphone = null;
    }
    const type = device === 'camera' ? 'camera_lost' : 'mic_lost';
    const eventId = this.unlessDiskFull(`the ${device} loss`, () =>
      recordDeviceLost(db, sessionId, type, atMs, reason),
    );
    this.opts.onDevice?.(sessionId, device, true);
    this.opts.feed?.status({ [device]: 'reconnecting' });
    const retry = new DeviceRetry(
      async () => {
        if (this.stopped) return;
        if (device === 'camera') await this.openCamera(null);
        else await this.openMicrophone();
        this.lost.delete(device);
        if (eventId !== null) {
          recordDeviceBack(db, eventId, this.clock(), retry.attemptsFailed + 1);
        }
        this.opts.onDevice?.(sessionId, device, false);
        log(`${device}: back after ${retry.attemptsFailed + 1} tries`);
      },
      (failure, attempt) => log(`${device}: try ${attempt} failed: ${failure.message}`),
      this.opts.retryDelaysMs,
    );
    this.lost.set(device, { eventId, retry });
  }

  /** A write from a device callback; null (and logged) when the disk is full. */
  private unlessDiskFull<T>(what: string, write: () => T): T | null {
    try {
      return write();
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      this.opts.log(`capture: the disk is full; could not store ${what}.`);
      return null;
    }
  }
}

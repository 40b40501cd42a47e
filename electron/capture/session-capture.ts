import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { events, media, sessionSegments } from '../../db/schema';
import type { SessionPhase } from '../signals/signal-analyzer';
import { SignalPipeline } from '../signals/signal-pipeline';
import type { FrameSignals } from '../signals/signal-store';
import type { ThresholdOverrides } from '../signals/thresholds';
import { int16ToFloat32 } from '../signals/vad';
import { startCamera, type Camera, type CameraSource } from './camera';
import { startMicrophone, type Microphone } from './microphone';

export interface MicrophoneChoice {
  /** ALSA device for arecord, e.g. 'pulse' or 'default'. */
  device: string;
  /** Environment of the recorder (PULSE_SERVER…). */
  env?: NodeJS.ProcessEnv;
}

export interface SessionCaptureOptions {
  db: Db;
  dataDir: string;
  resourcesDir: string;
  /** The built signal worker (out/station/signal-worker.mjs). */
  workerFile: string;
  source: CameraSource;
  /** The microphone, analysed for voice activity; none: vision only. */
  microphone?: MicrophoneChoice | null;
  sessionId: number;
  /** Wall-clock start of the session: time 0 of the session clock. */
  sessionStartedAt: number;
  log: (line: string) => void;
  /** The station's changes to the signal thresholds. */
  thresholds?: ThresholdOverrides;
  /** Every analysed frame's signals, e.g. for candidate notices. */
  onSignals?: (sessionId: number, signals: FrameSignals) => void;
}

/**
 * Capture for one running segment of a session: the camera records the segment's file and
 * feeds every frame to the signal worker, on the session clock, so replay, signals and events
 * line up. A resumed session gets a new segment, and so a new recording.
 */
export class SessionCapture {
  private constructor(
    private readonly opts: SessionCaptureOptions,
    private readonly camera: Camera,
    private readonly microphone: Microphone | null,
    private readonly pipeline: SignalPipeline,
    private readonly mediaId: number,
  ) {}

  static async start(opts: SessionCaptureOptions): Promise<SessionCapture> {
    const { db, dataDir, sessionId } = opts;
    const segment = db
      .select()
      .from(sessionSegments)
      .where(eq(sessionSegments.sessionId, sessionId))
      .orderBy(desc(sessionSegments.ordinal))
      .get();
    const relativePath = path.join(
      'media',
      `session-${sessionId}`,
      `segment-${segment?.ordinal ?? 0}-${Date.now()}.mp4`,
    );
    mkdirSync(path.dirname(path.join(dataDir, relativePath)), { recursive: true });
    const clock = () => Date.now() - opts.sessionStartedAt;
    const pipeline = await SignalPipeline.start({
      workerFile: opts.workerFile,
      resourcesDir: opts.resourcesDir,
      dataDir,
      db,
      sessionId,
      log: opts.log,
      thresholds: opts.thresholds,
      onSignals: (signals) => opts.onSignals?.(sessionId, signals),
    });
    let camera: Camera;
    try {
      camera = await startCamera({
        source: opts.source,
        recordingFile: path.join(dataDir, relativePath),
        registryFolder: dataDir,
        clock,
        onFrame: (frame) => pipeline.pushFrame(frame),
        onError: (error) => {
          opts.log(`camera: ${error.message}`);
          recordDeviceLost(db, sessionId, 'camera_lost', clock(), error.message);
        },
      });
    } catch (error) {
      await pipeline.finish();
      throw error;
    }
    const microphone = await startSessionMicrophone(opts, pipeline, clock);
    const row = db
      .insert(media)
      .values({
        sessionId,
        segmentId: segment?.id ?? null,
        kind: 'recording',
        relativePath,
        mimeType: 'video/mp4',
        startMs: Math.round(camera.startedAtMs),
      })
      .returning({ id: media.id })
      .get();
    return new SessionCapture(opts, camera, microphone, pipeline, row.id);
  }

  setPhase(phase: SessionPhase): void {
    this.pipeline.setPhase(phase);
  }

  /** Finalises the recording, stores the last signals, events and the summary. */
  async stop(): Promise<void> {
    await Promise.all([this.camera.stop(), this.microphone?.stop()]);
    const endMs = Date.now() - this.opts.sessionStartedAt;
    this.opts.db
      .update(media)
      .set({ endMs: Math.round(endMs) })
      .where(eq(media.id, this.mediaId))
      .run();
    await this.pipeline.finish(endMs);
  }
}

/**
 * Starts the microphone for voice activity. A microphone that fails is a `mic_lost` event for
 * the reviewer, not a reason to stop the interview.
 */
async function startSessionMicrophone(
  opts: SessionCaptureOptions,
  pipeline: SignalPipeline,
  clock: () => number,
): Promise<Microphone | null> {
  if (!opts.microphone) return null;
  const { db, sessionId } = opts;
  try {
    return await startMicrophone({
      device: opts.microphone.device,
      env: opts.microphone.env,
      clock,
      registryFolder: opts.dataDir,
      onChunk: (chunk) => pipeline.pushAudio(chunk.tMs, int16ToFloat32(chunk.samples)),
      onError: (error) => {
        opts.log(`microphone: ${error.message}`);
        recordDeviceLost(db, sessionId, 'mic_lost', clock(), error.message);
      },
    });
  } catch (error) {
    const reason = (error as Error).message;
    opts.log(`microphone: could not start: ${reason}`);
    recordDeviceLost(db, sessionId, 'mic_lost', clock(), reason);
    return null;
  }
}

/** Records that a device failed, so the reviewer sees the gap; the interview goes on. */
export function recordDeviceLost(
  db: Db,
  sessionId: number,
  type: 'camera_lost' | 'mic_lost',
  atMs: number,
  reason: string,
): void {
  db.insert(events)
    .values({
      sessionId,
      type,
      startMs: Math.round(atMs),
      endMs: null,
      severity: 'high',
      details: { reason },
    })
    .run();
}

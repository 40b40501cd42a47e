import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import type { StationDevice } from '../domain/notice-board';
import type { SessionListener } from '../domain/session-events';
import type { ThresholdOverrides } from '../signals/worker/thresholds';
import type { SignalRunOptions } from '../signals/worker/signal-analyzer';
import type { FrameSignals, SignalEvent } from '../../shared/signals';
import type { SessionPhase } from '../../shared/enums';
import type { CameraSource } from './camera';
import { CaptureManager } from './capture-manager';
import { DeviceCheck } from './device-check';
import { DeviceFeed } from './device-feed';
import type { MicrophoneChoice } from './session-capture';

/** What the composition root gives capture: where to store, and who hears what it measures. */
export interface CaptureWiring {
  db: Db;
  clock: Clock;
  dataDir: string;
  /** The files key new media are sealed with (encryption at rest); null: plain. */
  sealWith: Buffer | null;
  resourcesDir: string;
  log: (line: string) => void;
  /**
   * The station's signal settings at this start, and as they are when a session starts (for
   * that session: without face landmarks when its candidate did not sign the biometric release).
   */
  thresholds?: ThresholdOverrides;
  signalOptions: SignalRunOptions;
  signalsNow: (sessionId: number) => {
    thresholds?: ThresholdOverrides;
    signalOptions: SignalRunOptions;
  };
  onSignals: (sessionId: number, signals: FrameSignals) => void;
  onEvent: (sessionId: number, event: SignalEvent) => void;
  onDevice: (sessionId: number, device: StationDevice, lost: boolean) => void;
  /** An audio or video answer's media was stored. */
  onAnswerMedia: (answerId: number) => void;
}

/** A station's capture: the devices the candidate checks, and what records each session. */
export interface StationCapture {
  devices: { feed: DeviceFeed; check: DeviceCheck };
  /** A microphone is configured: sound is recorded and voice activity computed. */
  microphone: boolean;
  /** Follows sessions to record them and their answers; null: devices only, no recording. */
  recorder:
    | (SessionListener & {
        settle(): Promise<void>;
        /** Ends a running session's recording cleanly (false: none was running). */
        stopRecording?(sessionId: number): boolean;
        /** Records it again, in a new segment (false: it is recording already). */
        resumeRecording?(sessionId: number, sessionStartedAt: number, phase: SessionPhase): boolean;
      })
    | null;
}

/** Builds capture once the root has what it feeds; null on a station without a camera. */
export type CaptureFactory = (wiring: CaptureWiring) => StationCapture;

/** Capture from a camera (or a looped file) and a microphone, analysed in the signal worker. */
export function cameraCapture(choice: {
  camera: CameraSource;
  microphone: MicrophoneChoice | null;
  /** The built signal worker (out/station/signal-worker.mjs). */
  workerFile: string;
}): CaptureFactory {
  return (wiring) => {
    const { db, clock, dataDir, resourcesDir, log } = wiring;
    const feed = new DeviceFeed();
    const check = new DeviceCheck({
      source: choice.camera,
      microphone: choice.microphone,
      resourcesDir,
      dataDir,
      feed,
      log,
      workerFile: choice.workerFile,
    });
    const recorder = new CaptureManager(
      {
        db,
        clock,
        dataDir,
        sealWith: wiring.sealWith,
        resourcesDir,
        workerFile: choice.workerFile,
        source: choice.camera,
        microphone: choice.microphone,
        thresholds: wiring.thresholds,
        signalOptions: wiring.signalOptions,
        log,
        feed,
        onSignals: wiring.onSignals,
        onEvent: wiring.onEvent,
        onDevice: wiring.onDevice,
        onAnswerMedia: wiring.onAnswerMedia,
      },
      // The device check holds the camera; the session's recording needs it.
      () => check.stop(),
      wiring.signalsNow,
    );
    return { devices: { feed, check }, microphone: choice.microphone !== null, recorder };
  };
}

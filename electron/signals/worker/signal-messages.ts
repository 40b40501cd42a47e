import type { EvidencedEvent, SessionSummary, FrameSignals } from '../../../shared/signals';
import type { SignalRunOptions } from './signal-analyzer';
import type { SessionPhase } from '../../../shared/enums';
import type { ThresholdOverrides } from './thresholds';
import type { CalibrationBaseline, CalibrationStatus } from '../../../shared/calibration';

/** What the worker is started with: the station's signal settings as the session starts. */
export interface WorkerSetup extends SignalRunOptions {
  resourcesDir: string;
  fps: number;
  thresholds?: ThresholdOverrides;
  /**
   * 'calibrate': the device check's calibration (frames in, calibration reports out) instead
   * of a session's signals. The same worker file, so packaging has nothing new to ship.
   */
  mode?: 'signals' | 'calibrate';
}

/** Main → worker. Pixel and sample buffers are transferred, not copied. */
export type ToWorker =
  | { type: 'frame'; tMs: number; width: number; height: number; data: ArrayBuffer }
  | { type: 'audio'; tMs: number; samples: ArrayBuffer }
  | { type: 'phase'; phase: SessionPhase }
  | { type: 'finish'; endMs?: number };

export interface FinishedAnalysis {
  /** Events not reported before, closed at the end. */
  events: EvidencedEvent[];
  speech: { startMs: number; endMs: number }[];
  summary: SessionSummary;
}

/** Worker → main. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'error'; message: string; wasFrame: boolean }
  | { type: 'signals'; signals: FrameSignals; events: EvidencedEvent[] }
  | { type: 'audio-done'; events: EvidencedEvent[] }
  | ({ type: 'finished' } & FinishedAnalysis)
  | { type: 'calibration'; status: CalibrationStatus; baseline: CalibrationBaseline | null };

/**
 * What the candidate's page sees of the station's devices: the newest preview picture, the
 * microphone level, how much speech the device check has heard, and each device's state.
 * Main owns the devices; the page only ever gets this snapshot, at most ten times a second.
 */
import type { CalibrationStatus } from '../../shared/calibration';

export type DeviceState = 'off' | 'starting' | 'ok' | 'reconnecting' | 'failed';

export interface DeviceSnapshot {
  /** The newest preview as a JPEG data URL; null without a camera picture. */
  preview: string | null;
  /** Microphone level of the latest 100 ms, in dBFS; null without a microphone. */
  levelDb: number | null;
  /** Speech heard by the device check's voice detector, in ms. */
  speechMs: number;
  camera: DeviceState;
  microphone: DeviceState;
  /** A plain sentence about a device that failed, for the device check screen. */
  problem: string | null;
  /** The framing check and calibration of the candidate's neutral pose ('off': not run). */
  calibration: CalibrationStatus;
}

const EMIT_EVERY_MS = 100;

const idle = (): DeviceSnapshot => ({
  preview: null,
  levelDb: null,
  speechMs: 0,
  camera: 'off',
  microphone: 'off',
  problem: null,
  calibration: { state: 'off', problem: null, progress: 0, retries: 0 },
});

export class DeviceFeed {
  private snapshot = idle();
  private previewJpeg: Buffer | null = null;
  private dirty = false;
  private readonly listeners = new Set<(snapshot: DeviceSnapshot) => void>();
  private timer: ReturnType<typeof setInterval> | null = null;

  preview(jpeg: Buffer): void {
    this.previewJpeg = jpeg;
    this.dirty = true;
  }

  level(db: number): void {
    this.snapshot.levelDb = db;
    this.dirty = true;
  }

  speech(ms: number): void {
    this.snapshot.speechMs = ms;
    this.dirty = true;
  }

  calibration(status: CalibrationStatus): void {
    const changed =
      status.state !== this.snapshot.calibration.state ||
      status.problem !== this.snapshot.calibration.problem;
    this.snapshot.calibration = status;
    this.dirty = true;
    // A new instruction for the candidate goes out at once; progress waits for the tick.
    if (changed) this.emit();
  }

  status(patch: Partial<Pick<DeviceSnapshot, 'camera' | 'microphone' | 'problem'>>): void {
    Object.assign(this.snapshot, patch);
    if (patch.camera && patch.camera !== 'ok') this.previewJpeg = null;
    if (patch.microphone && patch.microphone !== 'ok') this.snapshot.levelDb = null;
    this.dirty = true;
    // State changes go out at once; pictures and levels wait for the next tick.
    this.emit();
  }

  /** Back to "no devices" (between candidates): nothing of the last one stays. */
  reset(): void {
    this.snapshot = idle();
    this.previewJpeg = null;
    this.dirty = true;
    this.emit();
  }

  current(): DeviceSnapshot {
    return {
      ...this.snapshot,
      preview: this.previewJpeg
        ? `data:image/jpeg;base64,${this.previewJpeg.toString('base64')}`
        : null,
    };
  }

  subscribe(listener: (snapshot: DeviceSnapshot) => void): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => {
      if (this.dirty) this.emit();
    }, EMIT_EVERY_MS);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  private emit(): void {
    this.dirty = false;
    if (this.listeners.size === 0) return;
    const snapshot = this.current();
    for (const listener of this.listeners) listener(snapshot);
  }
}

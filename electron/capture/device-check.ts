/**
 * The candidate's device check before the interview: the camera's live preview (no
 * recording), the microphone level, and a "say a sentence" test through the voice detector.
 * The devices are let go before the session opens them for the recording, and after a while
 * if the candidate walks away.
 */
import { VoiceActivity, VAD_FRAME, VAD_FRAME_MS, int16ToFloat32 } from '../signals/worker/vad';
import { VoiceDetector } from '../signals/worker/voice-detector';
import { startCamera, type Camera, type CameraSource } from './camera';
import type { DeviceFeed } from './device-feed';
import {
  cameraProblem,
  deviceProblemLog,
  forCandidate,
  microphoneProblem,
} from './device-problems';
import { startMicrophone, type Microphone } from './microphone';
import type { MicrophoneChoice } from './session-capture';
import type { CalibrationBaseline } from '../../shared/calibration';
import { DeviceCalibration } from './device-calibration';

/** Silero's usual threshold: a frame at or above it counts as speech. */
const SPEECH_PROBABILITY = 0.5;
/** A check left open this long lets go of the devices. */
const IDLE_STOP_MS = 10 * 60 * 1000;

export interface DeviceCheckOptions {
  source: CameraSource;
  microphone: MicrophoneChoice | null;
  resourcesDir: string;
  /** To register the children for clean-up after a crash. */
  dataDir: string;
  feed: DeviceFeed;
  log: (line: string) => void;
  /**
   * The built signal worker, run in calibration mode on the preview's frames to record the
   * candidate's neutral pose. None: no calibration (sessions measure absolute angles).
   */
  workerFile?: string | null;
}

export class DeviceCheck {
  private camera: Camera | null = null;
  private microphone: Microphone | null = null;
  private vad: VoiceDetector | null = null;
  private silero: VoiceActivity | null = null;
  private heard: Promise<void> = Promise.resolve();
  private pending = new Int16Array(0);
  private speechMs = 0;
  private running: Promise<void> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private calibration: DeviceCalibration | null = null;
  private baseline: CalibrationBaseline | null = null;
  private calibrate = false;

  constructor(private readonly opts: DeviceCheckOptions) {}

  /** Opens the devices (again, if a check is already open, to reset the sentence test). */
  async start({ calibrate = false }: { calibrate?: boolean } = {}): Promise<void> {
    await this.stop();
    // A new check is a new candidate (or a fresh try): nobody's earlier baseline carries over.
    this.baseline = null;
    this.calibrate = calibrate;
    this.running = this.open();
    await this.running;
    this.idleTimer = setTimeout(() => void this.stop(), IDLE_STOP_MS);
    this.idleTimer.unref?.();
  }

  /** Lets go of the devices; safe to call when nothing is open. */
  async stop(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    await this.running?.catch(() => undefined);
    this.running = null;
    const camera = this.camera;
    const microphone = this.microphone;
    const calibration = this.calibration;
    this.camera = null;
    this.microphone = null;
    this.calibration = null;
    await Promise.all([camera?.stop(), microphone?.stop(), calibration?.stop()]);
    await this.heard;
    await this.silero?.close();
    this.silero = null;
    this.vad = null;
    if (camera || microphone) this.opts.feed.reset();
  }

  private async open(): Promise<void> {
    const { feed, log } = this.opts;
    this.speechMs = 0;
    this.pending = new Int16Array(0);
    feed.reset();
    feed.status({ camera: 'starting', microphone: this.opts.microphone ? 'starting' : 'off' });
    const problems: string[] = [];
    await Promise.all([
      this.openCamera().catch((error: unknown) => {
        log(`device check: ${deviceProblemLog('camera', error)}`);
        problems.push(cameraProblem(error));
        feed.status({ camera: 'failed' });
      }),
      this.openMicrophone().catch((error: unknown) => {
        log(`device check: ${deviceProblemLog('microphone', error)}`);
        problems.push(microphoneProblem(error));
        feed.status({ microphone: 'failed' });
      }),
    ]);
    if (problems.length > 0) feed.status({ problem: forCandidate(...problems) });
  }

  /**
   * The baseline this check recorded, handed over once to the session that starts next (the
   * check lets go of the devices before the session opens them, but keeps this).
   */
  takeBaseline(): CalibrationBaseline | null {
    const baseline = this.baseline;
    this.baseline = null;
    return baseline;
  }

  private async openCalibration(workerFile: string): Promise<void> {
    const { feed, log } = this.opts;
    try {
      this.calibration = await DeviceCalibration.start({
        workerFile,
        resourcesDir: this.opts.resourcesDir,
        onStatus: (status) => feed.calibration(status),
        onBaseline: (baseline) => {
          this.baseline = baseline;
          log(`device check: calibrated over ${baseline.frames} frames`);
        },
        log,
      });
      feed.calibration({ state: 'framing', problem: null, progress: 0, retries: 0 });
    } catch (error) {
      // Without calibration the session measures absolute angles, as before: not a blocker.
      log(`device check: calibration unavailable: ${(error as Error).message}`);
      feed.calibration({ state: 'off', problem: null, progress: 0, retries: 0 });
    }
  }

  private async openCamera(): Promise<void> {
    const workerFile = this.calibrate ? this.opts.workerFile : null;
    const calibrating = workerFile ? this.openCalibration(workerFile) : Promise.resolve();
    try {
      this.camera = await startCamera({
        source: this.opts.source,
        recordingFile: null,
        registryFolder: this.opts.dataDir,
        onPreview: (jpeg) => this.opts.feed.preview(jpeg),
        onFrame: (frame) => this.calibration?.frame(frame),
        onError: (error) => {
          this.opts.log(`device check: lost ${deviceProblemLog('camera', error)}`);
          this.opts.feed.status({ camera: 'failed', problem: forCandidate(cameraProblem(error)) });
        },
      });
    } finally {
      // Even when the camera fails: stop() must find the worker, not race its start.
      await calibrating;
    }
    this.opts.feed.status({ camera: 'ok' });
  }

  private async openMicrophone(): Promise<void> {
    const choice = this.opts.microphone;
    if (!choice) return;
    // The same detector as the session's signals: a quiet candidate is heard, a fan is not.
    this.silero = await VoiceActivity.open(this.opts.resourcesDir);
    this.vad = new VoiceDetector(this.silero);
    this.microphone = await startMicrophone({
      device: choice.device,
      env: choice.env,
      registryFolder: this.opts.dataDir,
      onChunk: (chunk) => this.listen(chunk.samples),
      onLevel: (level) => this.opts.feed.level(level.rmsDb),
      onError: (error) => {
        this.opts.log(`device check: lost ${deviceProblemLog('microphone', error)}`);
        this.opts.feed.status({
          microphone: 'failed',
          problem: forCandidate(microphoneProblem(error)),
        });
      },
    });
    this.opts.feed.status({ microphone: 'ok' });
  }

  /** Runs the voice detector over whole 512-sample frames and adds up the speech heard. */
  private listen(samples: Int16Array): void {
    const vad = this.vad;
    if (!vad) return;
    const joined = new Int16Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    let offset = 0;
    for (; offset + VAD_FRAME <= joined.length; offset += VAD_FRAME) {
      const frame = int16ToFloat32(joined.slice(offset, offset + VAD_FRAME));
      // One frame after another: the detector's level and texture follow the frames in order.
      this.heard = this.heard
        .then(() => vad.process(frame))
        .then(
          (result) => {
            if (result.probability < SPEECH_PROBABILITY) return;
            this.speechMs += VAD_FRAME_MS;
            this.opts.feed.speech(Math.round(this.speechMs));
          },
          () => undefined,
        );
    }
    this.pending = joined.slice(offset);
  }
}

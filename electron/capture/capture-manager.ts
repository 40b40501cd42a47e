import type { AnswerTake, SessionHooks } from '../domain/session-events';
import type { SessionPhase } from '../../shared/enums';
import { recordDeviceLost } from './capture-store';
import { SessionCapture, type SessionCaptureOptions } from './session-capture';

type Base = Omit<SessionCaptureOptions, 'sessionId' | 'sessionStartedAt'>;

/**
 * Starts and stops capture as sessions start, resume and end, and records audio and video
 * answers. Capture that cannot start at all (the signal models are missing) is logged and
 * recorded as a `camera_lost` event; the interview itself goes on, because losing the
 * candidate's answers would be worse than losing the video.
 */
export class CaptureManager implements SessionHooks {
  readonly recordsAnswers = true;
  private readonly running = new Map<number, Promise<SessionCapture | null>>();
  private readonly stopping = new Set<Promise<void>>();

  constructor(
    private readonly base: Base,
    /** Runs before a session's devices open (e.g. the device check lets go of them). */
    private readonly beforeStart: () => Promise<void> = () => Promise.resolve(),
    /** The signal settings for a session as they are now (read once at each session start). */
    private readonly signalsNow: (
      sessionId: number,
    ) => Pick<Base, 'thresholds' | 'signalOptions'> = () => base,
  ) {}

  started(sessionId: number, sessionStartedAt: number): void {
    this.begin(sessionId, sessionStartedAt, false);
  }

  /**
   * Records a running session again after stopRecording (space came back): a new segment, so
   * the gap stays visible, in the session's current phase. False when it is recording already.
   */
  resumeRecording(sessionId: number, sessionStartedAt: number, phase: SessionPhase): boolean {
    if (this.running.has(sessionId)) return false;
    this.begin(sessionId, sessionStartedAt, true);
    this.phase(sessionId, phase);
    return true;
  }

  private begin(sessionId: number, sessionStartedAt: number, newSegment: boolean): void {
    const capture = this.beforeStart()
      .then(() =>
        SessionCapture.start({
          ...this.base,
          ...this.signalsNow(sessionId),
          sessionId,
          sessionStartedAt,
          newSegment,
        }),
      )
      .catch((error: unknown) => {
        const reason = (error as Error).message;
        this.base.log(`capture: could not start for session ${sessionId}: ${reason}`);
        recordDeviceLost(
          this.base.db,
          sessionId,
          'camera_lost',
          this.base.clock.now() - sessionStartedAt,
          reason,
        );
        return null;
      });
    this.running.set(sessionId, capture);
  }

  phase(sessionId: number, phase: SessionPhase): void {
    void this.with(sessionId, (capture) => capture.setPhase(phase));
  }

  takeStarted(sessionId: number, take: AnswerTake): void {
    void this.with(sessionId, (capture) => capture.takeStarted(take));
  }

  takeEnded(sessionId: number, take: AnswerTake, endMs: number, keep: boolean): void {
    void this.with(sessionId, (capture) => capture.takeEnded(take, endMs, keep));
  }

  /**
   * Ends a session's recording segment cleanly while the interview goes on (the disk is
   * nearly full): what was recorded is finalised and stored; later answers are not recorded.
   */
  stopRecording(sessionId: number): boolean {
    const recording = this.running.has(sessionId);
    this.ended(sessionId);
    return recording;
  }

  ended(sessionId: number): void {
    const capture = this.running.get(sessionId);
    this.running.delete(sessionId);
    if (!capture) return;
    const stop = capture
      .then((running) => running?.stop())
      .catch((error: unknown) =>
        this.base.log(`capture: stopping failed: ${(error as Error).message}`),
      )
      .finally(() => this.stopping.delete(stop));
    this.stopping.add(stop);
  }

  /** Resolves when every capture has been stopped and stored. */
  async settle(): Promise<void> {
    await Promise.all([...this.stopping]);
  }

  private async with(sessionId: number, act: (capture: SessionCapture) => void): Promise<void> {
    const capture = await this.running.get(sessionId);
    if (capture) act(capture);
  }
}

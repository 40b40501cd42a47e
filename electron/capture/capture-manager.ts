import type { SessionHooks } from '../services/session-hooks';
import type { SessionPhase } from '../signals/signal-analyzer';
import { recordDeviceLost, SessionCapture, type SessionCaptureOptions } from './session-capture';

type Base = Omit<SessionCaptureOptions, 'sessionId' | 'sessionStartedAt'>;

/**
 * Starts and stops capture as sessions start, resume and end. A camera that cannot start is
 * logged and recorded as a `camera_lost` event; the interview itself goes on, because losing
 * the candidate's answers would be worse than losing the video.
 */
export class CaptureManager implements SessionHooks {
  private readonly running = new Map<number, Promise<SessionCapture | null>>();
  private readonly stopping = new Set<Promise<void>>();

  constructor(private readonly base: Base) {}

  started(sessionId: number, sessionStartedAt: number): void {
    const capture = SessionCapture.start({ ...this.base, sessionId, sessionStartedAt }).catch(
      (error: unknown) => {
        const reason = (error as Error).message;
        this.base.log(`capture: could not start for session ${sessionId}: ${reason}`);
        recordDeviceLost(
          this.base.db,
          sessionId,
          'camera_lost',
          Date.now() - sessionStartedAt,
          reason,
        );
        return null;
      },
    );
    this.running.set(sessionId, capture);
  }

  phase(sessionId: number, phase: SessionPhase): void {
    void this.running.get(sessionId)?.then((capture) => capture?.setPhase(phase));
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
}

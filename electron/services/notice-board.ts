import { SessionListeners } from './session-listeners';

/** Gentle on-screen notices for the candidate, from live signals; never a verdict. */
export type CandidateNotice = 'face_not_visible' | null;

export interface NoticeOptions {
  /** How long no face must be seen before the candidate is told (a glance away is fine). */
  faceMissingMs: number;
}

export const DEFAULT_NOTICE_OPTIONS: NoticeOptions = { faceMissingMs: 3000 };

/**
 * Turns per-frame face counts into a notice per session, and tells whoever listens when it
 * changes. Sessions whose interview turned candidate notices off (an accommodation) are
 * never given one.
 */
export class NoticeBoard {
  private readonly state = new Map<number, { since: number | null; notice: CandidateNotice }>();
  private readonly listeners = new SessionListeners<CandidateNotice>();
  private readonly wanted = new Map<number, boolean>();

  constructor(
    /** Whether a session's candidate gets notices (asked once per session). */
    private readonly wants: (sessionId: number) => boolean = () => true,
    private readonly options: NoticeOptions = DEFAULT_NOTICE_OPTIONS,
  ) {}

  /** Feeds one analysed frame: its session-clock time and how many faces it showed. */
  observe(sessionId: number, tMs: number, faceCount: number): void {
    const entry = this.state.get(sessionId) ?? { since: null, notice: null };
    entry.since = faceCount > 0 ? null : (entry.since ?? tMs);
    const missing = entry.since !== null && tMs - entry.since >= this.options.faceMissingMs;
    const notice: CandidateNotice =
      missing && this.wantsNotices(sessionId) ? 'face_not_visible' : null;
    this.state.set(sessionId, entry);
    if (notice !== entry.notice) {
      entry.notice = notice;
      this.listeners.emit(sessionId, notice);
    }
  }

  current(sessionId: number): CandidateNotice {
    return this.state.get(sessionId)?.notice ?? null;
  }

  subscribe(sessionId: number, listener: (notice: CandidateNotice) => void): () => void {
    return this.listeners.subscribe(sessionId, listener);
  }

  /** Forgets a session that ended; its page no longer needs notices. */
  clear(sessionId: number): void {
    this.state.delete(sessionId);
    this.wanted.delete(sessionId);
  }

  private wantsNotices(sessionId: number): boolean {
    let wanted = this.wanted.get(sessionId);
    if (wanted === undefined) {
      wanted = this.wants(sessionId);
      this.wanted.set(sessionId, wanted);
    }
    return wanted;
  }
}

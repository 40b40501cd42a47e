import { SessionListeners } from '../core/session-listeners';

/**
 * Gentle on-screen notices for the candidate, never a verdict: from live signals (a face not
 * seen for a while), or about the station itself (a device being reconnected).
 */
export type CandidateNotice =
  'face_not_visible' | 'camera_reconnecting' | 'microphone_reconnecting' | 'storage_low' | null;

export type StationDevice = 'camera' | 'microphone';

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
  private readonly state = new Map<
    number,
    {
      since: number | null;
      face: boolean;
      lost: Set<StationDevice>;
      storageLow: boolean;
      notice: CandidateNotice;
    }
  >();
  private readonly listeners = new SessionListeners<CandidateNotice>();
  private readonly wanted = new Map<number, boolean>();

  constructor(
    /** Whether a session's candidate gets notices (asked once per session). */
    private readonly wants: (sessionId: number) => boolean = () => true,
    private readonly options: NoticeOptions = DEFAULT_NOTICE_OPTIONS,
  ) {}

  /** Feeds one analysed frame: its session-clock time and how many faces it showed. */
  observe(sessionId: number, tMs: number, faceCount: number): void {
    const entry = this.entry(sessionId);
    entry.since = faceCount > 0 ? null : (entry.since ?? tMs);
    entry.face = entry.since !== null && tMs - entry.since >= this.options.faceMissingMs;
    this.update(sessionId);
  }

  /**
   * A device was lost (or is back). Shown to every candidate, whatever their accommodations:
   * it is about the station, not about them.
   */
  device(sessionId: number, device: StationDevice, lost: boolean): void {
    const entry = this.entry(sessionId);
    if (lost) entry.lost.add(device);
    else entry.lost.delete(device);
    this.update(sessionId);
  }

  /**
   * The station is short of storage space (recording stopped), or has room again. Shown to
   * every candidate: like a device, it is about the station.
   */
  storage(sessionId: number, low: boolean): void {
    this.entry(sessionId).storageLow = low;
    this.update(sessionId);
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

  private entry(sessionId: number) {
    let entry = this.state.get(sessionId);
    if (!entry) {
      entry = { since: null, face: false, lost: new Set(), storageLow: false, notice: null };
      this.state.set(sessionId, entry);
    }
    return entry;
  }

  private update(sessionId: number): void {
    const entry = this.entry(sessionId);
    const notice: CandidateNotice = entry.storageLow
      ? 'storage_low'
      : entry.lost.has('camera')
        ? 'camera_reconnecting'
        : entry.lost.has('microphone')
          ? 'microphone_reconnecting'
          : entry.face && this.wantsNotices(sessionId)
            ? 'face_not_visible'
            : null;
    if (notice !== entry.notice) {
      entry.notice = notice;
      this.listeners.emit(sessionId, notice);
    }
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

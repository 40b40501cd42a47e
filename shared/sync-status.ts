/** What staff see of the station's sync: the Settings card, diagnostics and the dashboard. */

export interface SyncStatus {
  enrolled: boolean;
  /** The receiver's address (no credential is ever shown). */
  receiverUrl: string | null;
  /** IT set the receiver in the managed config: the screens cannot change or forget it. */
  managed: boolean;
  /** Null until the station first enrols or queues anything. */
  stationId: string | null;
  /** Items and files still to send. */
  queue: { items: number; uploads: number };
  /** Items and files the receiver refused (kept with their reasons). */
  rejected: number;
  bytesPending: number;
  /** Upload speed over the last seconds, bytes per second. */
  bytesPerSecond: number;
  lastError: string | null;
  /** Held while an interview runs (sync.pauseDuringSessions). */
  paused: boolean;
  confirmedSessions: number;
}

export type SessionSyncState =
  'not_synced' | 'queued' | 'sending' | 'sent' | 'confirmed' | 'failed';

export interface SessionSync {
  state: SessionSyncState;
  bytesSent: number;
  bytesTotal: number;
  /** Seconds left at the current speed; null when unknown or done. */
  etaSeconds: number | null;
}

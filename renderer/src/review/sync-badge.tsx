import type { SessionSync } from '../../../shared/sync-status';

const LABELS: Record<SessionSync['state'], string> = {
  not_synced: 'Not sent',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  confirmed: 'Received',
  failed: 'Refused',
};

function size(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} kB`;
}

function eta(seconds: number): string {
  if (seconds < 60) return `${seconds} s left`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min left`;
  return `${(seconds / 3600).toFixed(1)} h left`;
}

/**
 * A session's sync to the organisation's receiver, for the dashboard: its state in words, and
 * while sending the bytes sent of the total and the time left. The progress is a native
 * <progress> (screen readers announce it) with the same words as its label.
 */
export function SyncBadge({ sync }: { sync: SessionSync | undefined }) {
  if (!sync) return <span className="muted">—</span>;
  const label = LABELS[sync.state];
  const sending = sync.state === 'sending' || sync.state === 'queued';
  const detail =
    sending && sync.bytesTotal > 0
      ? `${size(sync.bytesSent)} of ${size(sync.bytesTotal)}${sync.etaSeconds === null ? '' : `, ${eta(sync.etaSeconds)}`}`
      : null;
  return (
    <span className={`sync-badge sync-${sync.state}`}>
      <span className="state-pill">{label}</span>
      {detail && (
        <>
          <progress
            max={sync.bytesTotal}
            value={sync.bytesSent}
            aria-label={`Sync of this session: ${detail}`}
          />
          <span className="sub">{detail}</span>
        </>
      )}
    </span>
  );
}

import { formatBytes, type Diagnostics } from './labels';

/** Sync to the organisation's receiver, in Station diagnostics: what is left and what went wrong. */
export function SyncDiagnostics({ sync }: { sync: Diagnostics['sync'] }) {
  if (!sync) return null;
  return (
    <>
      <h3>Sync</h3>
      {!sync.enrolled ? (
        <p className="muted">Not enrolled with a receiver: nothing leaves this station.</p>
      ) : (
        <dl className="facts">
          <div>
            <dt>Receiver</dt>
            <dd>
              {sync.receiverUrl}
              {sync.managed ? ' (set by IT)' : ''}
            </dd>
          </div>
          <div>
            <dt>Queue</dt>
            <dd>
              {sync.queue.items} item(s), {sync.queue.uploads} file(s)
              {sync.paused ? ' — held while an interview runs' : ''}
            </dd>
          </div>
          <div>
            <dt>Bytes pending</dt>
            <dd>
              {formatBytes(sync.bytesPending)}
              {sync.bytesPerSecond > 0 ? ` at ${formatBytes(sync.bytesPerSecond)}/s` : ''}
            </dd>
          </div>
          <div>
            <dt>Received</dt>
            <dd>{sync.confirmedSessions} session(s) confirmed by the receiver</dd>
          </div>
          {sync.rejected > 0 && (
            <div>
              <dt>Refused</dt>
              <dd>{sync.rejected} item(s) or file(s) the receiver refused (kept, not resent)</dd>
            </div>
          )}
        </dl>
      )}
      {sync.lastError ? (
        <p className="warning" role="status">
          Last sync error: {sync.lastError}
        </p>
      ) : null}
    </>
  );
}

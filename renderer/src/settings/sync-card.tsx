import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';

/**
 * Enrolment with the organisation's receiver: the admin enters its address and a one-time
 * code from the receiver's admin; main trades the code for a credential it keeps sealed. The
 * card shows whether the station is enrolled and where, never the credential; the code field
 * is emptied once used. A receiver IT set is shown as such and cannot be changed here.
 */
export function SyncCard({ token }: { token: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const statusKey = trpc.sync.status.queryKey({ token });
  const status = useQuery(trpc.sync.status.queryOptions({ token }));
  const [receiverUrl, setReceiverUrl] = useState('');
  const [code, setCode] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const onSaved = (said: string) => (fresh: NonNullable<typeof status.data>) => {
    queryClient.setQueryData(statusKey, fresh);
    setCode('');
    setDone(said);
  };
  const enrol = useMutation(
    trpc.sync.enrol.mutationOptions({
      onSuccess: onSaved('Enrolled: finished interviews are sent to the receiver.'),
    }),
  );
  const forget = useMutation(
    trpc.sync.forget.mutationOptions({
      onSuccess: onSaved('The receiver is forgotten: nothing more leaves this station.'),
    }),
  );
  if (status.isPending) return <p>Loading the sync settings…</p>;
  if (status.isError) return <p role="alert">{messageOf(status.error)}</p>;
  const current = status.data;
  const busy = enrol.isPending || forget.isPending;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    forget.reset();
    enrol.mutate({ token, receiverUrl: receiverUrl.trim(), code: code.trim() });
  };
  const failure = enrol.isError ? enrol.error : forget.isError ? forget.error : null;
  return (
    <form className="setting-row" onSubmit={submit} aria-labelledby="sync-title" noValidate>
      <h2 id="sync-title" className="setting-label">
        Sync to the organisation’s receiver
        {current.managed && <span className="setting-badge">set by IT</span>}
      </h2>
      <p className="settings-help" id="sync-help">
        {current.enrolled
          ? `Enrolled with ${current.receiverUrl}. ${current.queue.items} item(s) and ${current.queue.uploads} file(s) waiting.`
          : 'Not enrolled: nothing leaves this station.'}{' '}
        The address must use https (plain http only to this machine).
      </p>
      {current.managed ? (
        <p className="setting-value">
          IT set the receiver in the station’s environment (SYNC_RECEIVER_URL).
        </p>
      ) : (
        <>
          <div className="stack">
            <label htmlFor="sync-url">Receiver address</label>
            <input
              id="sync-url"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://interviews.example.org"
              aria-describedby="sync-help"
              value={receiverUrl}
              onChange={(event) => setReceiverUrl(event.target.value)}
            />
            <label htmlFor="sync-code">One-time enrolment code</label>
            <input
              id="sync-code"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          </div>
          <div className="setting-actions">
            <button type="submit" disabled={busy || !receiverUrl.trim() || !code.trim()}>
              {current.enrolled ? 'Enrol again' : 'Enrol'}
            </button>
            <button
              type="button"
              disabled={busy || !current.enrolled}
              onClick={() => {
                setDone(null);
                enrol.reset();
                forget.mutate({ token });
              }}
            >
              Forget the receiver
            </button>
          </div>
        </>
      )}
      <p role="alert" className="error">
        {failure ? messageOf(failure) : null}
      </p>
      <p role="status" className="settings-help">
        {done}
      </p>
    </form>
  );
}

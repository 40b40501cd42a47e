import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import type { StaffSession } from '../staff/staff-store';
import { useTRPC } from '../trpc';
import { dateTime } from './format';

/**
 * The interview's legal hold: while it is on, the retention purge never deletes the interview.
 * Any staff member sets one with a reason; only an admin lifts it (main checks both).
 */
export function LegalHoldPanel({
  session,
  interviewId,
}: {
  session: StaffSession;
  interviewId: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const hold = useQuery(trpc.privacy.hold.queryOptions({ token: session.token, interviewId }));
  const onSuccess = () => {
    setReason('');
    void queryClient.invalidateQueries(trpc.privacy.hold.pathFilter());
  };
  const setHold = useMutation(trpc.privacy.setHold.mutationOptions({ onSuccess }));
  const liftHold = useMutation(trpc.privacy.liftHold.mutationOptions({ onSuccess }));
  const current = hold.data?.current ?? null;
  const canLift = session.user.role === 'admin';
  const pending = setHold.isPending || liftHold.isPending;
  const error = setHold.error ?? liftHold.error ?? hold.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { token: session.token, interviewId, reason };
    if (current) liftHold.mutate(input);
    else setHold.mutate(input);
  };
  return (
    <section className="panel legal-hold" aria-labelledby="legal-hold-title">
      <h2 id="legal-hold-title">Legal hold</h2>
      {current ? (
        <p className="legal-hold-state" data-held="true">
          <strong>On hold</strong> since {dateTime(current.setAt)} by {current.setByName}:{' '}
          {current.reason}. The retention purge keeps this interview until the hold is lifted.
        </p>
      ) : (
        <p className="legal-hold-state" data-held="false">
          Not on hold: deleted with everything recorded once its retention has passed.
        </p>
      )}
      {hold.data?.purging ? (
        <p className="muted">This interview is being deleted.</p>
      ) : current && !canLift ? (
        <p className="muted">Only an admin can lift a legal hold.</p>
      ) : (
        <form onSubmit={submit} className="legal-hold-form">
          <label htmlFor="legal-hold-reason">
            {current ? 'Reason for lifting the hold' : 'Reason for the hold (required)'}
          </label>
          <textarea
            id="legal-hold-reason"
            rows={2}
            maxLength={500}
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" disabled={pending || reason.trim().length < 5}>
            {current ? 'Lift legal hold' : 'Put on legal hold'}
          </button>
        </form>
      )}
      <p role="status" className="form-status">
        {error ? messageOf(error) : ''}
      </p>
      {hold.data && hold.data.earlier.length > 0 && (
        <details>
          <summary>Earlier holds ({hold.data.earlier.length})</summary>
          <ul className="history">
            {hold.data.earlier.map((h) => (
              <li key={h.id}>
                {dateTime(h.setAt)} by {h.setByName}: {h.reason}; lifted{' '}
                {h.liftedAt === null ? '' : dateTime(h.liftedAt)} by {h.liftedByName ?? '—'}:{' '}
                {h.liftReason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const WAITING = {
  hold: 'waiting for a legal hold to be lifted',
  'running session': 'waiting for the interview in progress to end',
  'next purge': 'done at the station’s next purge (daily, and at every start)',
} as const;

/** Erasure requests not done yet, each with the date it is due by, until it is done. */
export function PendingErasures({ token }: { token: string }) {
  const trpc = useTRPC();
  const pending = useQuery(trpc.privacy.pendingErasures.queryOptions({ token }));
  if (!pending.data || pending.data.length === 0) return null;
  return (
    <section className="pending-erasures" aria-labelledby="pending-erasures-title">
      <h2 id="pending-erasures-title">Erasure requests</h2>
      <ul>
        {pending.data.map((p) => (
          <li key={p.interviewId}>
            Interview {p.interviewId}: asked on {day.format(p.requestedAt)}, due by{' '}
            <strong>{day.format(p.dueBy)}</strong> ({WAITING[p.waitingFor]}).
          </li>
        ))}
      </ul>
    </section>
  );
}

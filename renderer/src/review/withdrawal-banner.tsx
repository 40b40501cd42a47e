import { clockTime, dateTime, type SessionDetail } from './format';

type Withdrawal = NonNullable<SessionDetail['withdrawal']>;

/** Tells the reviewer the candidate withdrew consent, when, and what they chose. */
export function WithdrawalBanner({
  withdrawal,
  onSeek,
}: {
  withdrawal: Withdrawal;
  onSeek: (ms: number) => void;
}) {
  return (
    <div className="banner banner-withdrawn" role="note" aria-label="Consent withdrawn">
      <strong>
        Consent withdrawn at {clockTime(withdrawal.atMs)} ({dateTime(withdrawal.at)}).
      </strong>{' '}
      {withdrawal.erasureRequestedAt !== null
        ? 'The candidate asked for everything from this interview to be deleted: do not use it.'
        : 'Recording and signals stopped there; the candidate chose to keep the answers given so far for the application.'}{' '}
      <button type="button" onClick={() => onSeek(withdrawal.atMs)}>
        Go to {clockTime(withdrawal.atMs)}
      </button>
    </div>
  );
}

import { useMutation, useQuery } from '@tanstack/react-query';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';

/**
 * Check-in pauses a screen after repeated wrong codes (and every screen past a ceiling);
 * staff, who can see who is at the kiosk, may let candidates in again before it ends.
 */
export function CheckInPausePanel({ token }: { token: string }) {
  const trpc = useTRPC();
  const pause = useQuery({
    ...trpc.monitor.checkInPause.queryOptions({ token }),
    refetchInterval: 10_000,
  });
  const clear = useMutation(
    trpc.monitor.clearCheckInPause.mutationOptions({ onSuccess: () => void pause.refetch() }),
  );
  const remainingMs = pause.data?.remainingMs ?? 0;
  return (
    <section className="panel check-in-pause-panel" aria-labelledby="check-in-pause-heading">
      <h2 id="check-in-pause-heading">Check-in</h2>
      <p role="status">
        {!pause.data
          ? 'Reading the check-in state…'
          : remainingMs > 0
            ? `Paused after repeated wrong codes, for about ${Math.ceil(remainingMs / 60_000)} more minute(s).`
            : 'Open: candidates can check in.'}
      </p>
      {remainingMs > 0 && (
        <button
          type="button"
          className="primary"
          disabled={clear.isPending}
          onClick={() => clear.mutate({ token })}
        >
          Let candidates check in again
        </button>
      )}
      {clear.error ? (
        <p className="error" role="alert">
          {messageOf(clear.error)}
        </p>
      ) : null}
    </section>
  );
}

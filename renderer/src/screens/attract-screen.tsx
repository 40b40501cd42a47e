import { useMutation, useQuery } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { messageOf } from '../errors';
import { useCandidateStore } from '../state/candidate-store';
import { useTRPC } from '../trpc';
import { StaffExit } from './staff-exit';
import { useScreenFocus } from './use-screen-focus';

/** The kiosk's resting screen: station name, code entry, and a resume offer after a crash. */
export function AttractScreen() {
  const trpc = useTRPC();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const info = useQuery(trpc.station.info.queryOptions());
  const recovery = useQuery(trpc.station.recovery.queryOptions());
  const checkedIn = useCandidateStore((state) => state.checkedIn);
  const started = useCandidateStore((state) => state.started);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Main owns the cool-down; the page counts down from when main last answered, never from
  // before it: the clock last read when the screen opened would make the first second of a
  // pause read "319 s". No cool-down means no deadline at all.
  const cooldownMs = info.data?.checkInCooldownMs ?? 0;
  const now = useNow(cooldownMs > 0 ? 1000 : null);
  const remainingMs = cooldownMs > 0 ? cooldownMs - Math.max(0, now - info.dataUpdatedAt) : 0;

  const checkIn = useMutation(
    trpc.candidate.checkIn.mutationOptions({
      onSuccess: (result) => checkedIn(result),
      onError: (failure) => {
        const data = failure instanceof TRPCClientError ? failure.data : undefined;
        const left = typeof data?.triesLeft === 'number' ? data.triesLeft : null;
        setError(
          left === null ? messageOf(failure) : `${messageOf(failure)} ${triesLeftText(left)}`,
        );
        if (data?.code === 'TOO_MANY_REQUESTS') {
          // The next person must not find the wrong code waiting in the field.
          setCode('');
          void info.refetch();
        }
      },
    }),
  );
  const resume = useMutation(
    trpc.candidate.resume.mutationOptions({
      onSuccess: (result) => {
        setCode('');
        started(result.session, result.token);
      },
      onError: (failure) => {
        setError(messageOf(failure));
        void recovery.refetch();
      },
    }),
  );

  const coolingDown = remainingMs > 0;
  // When the pause ends, its message goes with it: the screen is fresh for the next person.
  const wasCooling = useRef(false);
  useEffect(() => {
    if (wasCooling.current && !coolingDown) {
      setError(null);
      setCode('');
    }
    wasCooling.current = coolingDown;
  }, [coolingDown]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    checkIn.mutate({ code });
  };
  const interrupted = recovery.data?.[0];

  return (
    <section className="card attract" aria-labelledby="attract-title">
      <p className="station-name">{info.data?.stationName ?? 'Interview Station'}</p>
      <h1 id="attract-title" ref={heading} tabIndex={-1}>
        Welcome. Enter your interview code to begin.
      </h1>
      {interrupted && (
        <div className="resume-offer" role="region" aria-label="Unfinished interview">
          <p id="resume-text">
            {interrupted.state === 'running'
              ? `An interview is in progress on this station, at question ${interrupted.position + 1} of ${interrupted.total}. If it is yours, type your interview code below and continue it now: its clock is still running.`
              : `An interview on this station was interrupted at question ${interrupted.position + 1} of ${interrupted.total}. If it is yours, type your interview code below to continue where you left off, with the time you had left.`}
          </p>
          <button
            type="button"
            className="primary"
            aria-describedby="resume-text"
            disabled={resume.isPending || !code.trim()}
            onClick={() => {
              setError(null);
              resume.mutate({ sessionId: interrupted.sessionId, proof: { code } });
            }}
          >
            Resume my interview
          </button>
        </div>
      )}
      <form onSubmit={submit} className="code-form" noValidate>
        <label htmlFor="access-code">Interview code</label>
        <input
          id="access-code"
          name="access-code"
          value={code}
          onChange={(event) => setCode(event.target.value.toUpperCase())}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          placeholder="XXXX-XXXX"
          aria-describedby="code-help code-error"
          aria-invalid={error ? true : undefined}
          disabled={coolingDown}
        />
        <p id="code-help" className="help">
          You will find it on your invitation. Letters and digits; the dash is optional.
        </p>
        <button
          type="submit"
          className="primary"
          disabled={coolingDown || checkIn.isPending || !code.trim()}
        >
          {checkIn.isPending ? 'Checking…' : 'Check in'}
        </button>
        <p id="code-error" className="error" role="alert">
          {error}
          {coolingDown && ` Check-in opens again in ${Math.ceil(remainingMs / 1000)} s.`}
        </p>
      </form>
      <StaffExit />
    </section>
  );
}

/** The current time, refreshed every `intervalMs` while that is not null. */
function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** How many more codes this screen may try before check-in pauses. */
function triesLeftText(left: number): string {
  return left === 1
    ? 'One more try before check-in pauses for a while.'
    : `${left} more tries before check-in pauses for a while.`;
}

import { useEffect, useState } from 'react';

/** Milliseconds left, counted down locally from what main last reported. */
export function useRemaining(remainingMs: number, receivedAt: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, remainingMs - (now - receivedAt));
}

function format(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

const ANNOUNCE_AT_SECONDS = [60, 30, 10];

/**
 * The visible clock. Screen readers hear it at a few moments (one minute, 30 s, 10 s left)
 * instead of every second.
 */
export function Countdown({ label, remainingMs }: { label: string; remainingMs: number }) {
  const seconds = Math.ceil(remainingMs / 1000);
  const announce = ANNOUNCE_AT_SECONDS.find((mark) => seconds <= mark && seconds > mark - 2);
  const urgent = seconds <= 10;
  return (
    <div className={`countdown${urgent ? ' urgent' : ''}`}>
      <span className="countdown-label">{label}</span>
      <span
        role="timer"
        aria-label={`${label}: ${format(remainingMs)} left`}
        className="countdown-time"
      >
        {format(remainingMs)}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {announce ? `${announce === 60 ? 'One minute' : `${announce} seconds`} left` : ''}
      </span>
    </div>
  );
}

/**
 * A circuit breaker for a remote service: after `failures` calls in a row fail it opens, and
 * for `openMs` no call is made at all (a service that is down is not hammered, and each answer
 * is scored offline at once instead of after every timeout). Then one probe call is let
 * through (half-open): its success closes the circuit, its failure opens it again.
 */
import type { Clock } from '../core/clock';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  /** Whether a call may be made now; in half-open, only the one probe may. */
  allow(): boolean;
  succeeded(): void;
  failed(): void;
  state(): CircuitState;
  /** How long an open circuit stays open, for messages. */
  readonly openMs: number;
}

export interface CircuitOptions {
  clock: Clock;
  /** Consecutive failures that open the circuit. */
  failures?: number;
  openMs?: number;
}

export const DEFAULT_CIRCUIT_FAILURES = 3;
export const DEFAULT_CIRCUIT_OPEN_MS = 5 * 60_000;

export function createCircuitBreaker(opts: CircuitOptions): CircuitBreaker {
  const threshold = opts.failures ?? DEFAULT_CIRCUIT_FAILURES;
  const openMs = opts.openMs ?? DEFAULT_CIRCUIT_OPEN_MS;
  let consecutive = 0;
  let openedAt: number | null = null;
  let probing = false;

  const state = (): CircuitState => {
    if (openedAt === null) return 'closed';
    return opts.clock.now() - openedAt >= openMs ? 'half-open' : 'open';
  };

  return {
    openMs,
    state,
    allow() {
      const now = state();
      if (now === 'closed') return true;
      if (now === 'open' || probing) return false;
      probing = true;
      return true;
    },
    succeeded() {
      consecutive = 0;
      openedAt = null;
      probing = false;
    },
    failed() {
      consecutive += 1;
      // A failed probe opens the circuit again for a whole period.
      if (probing || consecutive >= threshold) openedAt = opts.clock.now();
      probing = false;
    },
  };
}

/**
 * The station's scorer for an interview's answers: Gemini when a key is configured (read at
 * each call, so a key an admin sets or clears applies to the next answer), else the offline
 * scorer alone. One circuit breaker for the whole station, so a Gemini that is down is paused
 * for every interview at once.
 */
import type { Clock } from '../core/clock';
import type { AnswerScorer } from './answer-scorer';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker';
import type { GeminiKeyStore } from './gemini-key-store';
import { createGeminiScorer, type GeminiScorerOptions } from './gemini-scorer';

export interface StationScorerOptions {
  keys: Pick<GeminiKeyStore, 'read'>;
  offline: AnswerScorer;
  clock: Clock;
  log: (line: string) => void;
  /** Tests point Gemini at a fake server, and shorten its timing. */
  gemini?: Partial<Pick<GeminiScorerOptions, 'baseUrl' | 'timeoutMs' | 'attempts' | 'backoffMs'>>;
  breaker?: CircuitBreaker;
}

export interface StationScorer {
  /** The scorer for one interview's answers; `consentCheck` is asked before each Gemini call. */
  scorerFor(consentCheck: () => boolean | Promise<boolean>): AnswerScorer;
}

export function createStationScorer(opts: StationScorerOptions): StationScorer {
  const breaker = opts.breaker ?? createCircuitBreaker({ clock: opts.clock });
  return {
    scorerFor(consentCheck) {
      return {
        score(question, answer) {
          const config = opts.keys.read();
          if (!config) return opts.offline.score(question, answer);
          return createGeminiScorer({
            ...opts.gemini,
            ...config,
            fallback: opts.offline,
            clock: opts.clock,
            log: opts.log,
            consentCheck,
            breaker,
          }).score(question, answer);
        },
      };
    },
  };
}

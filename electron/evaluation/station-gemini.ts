/**
 * Gemini as the station has it at this moment: the key and model an admin or IT configured
 * (read at each use, so a key set or cleared applies to the next call), the test set-up's
 * address and timing, and the station's one circuit breaker, shared by every Gemini feature
 * so a Gemini that is down is paused for all of them at once.
 */
import type { Clock } from '../core/clock';
import type { CircuitBreaker } from './circuit-breaker';
import { createGeminiCaller, type GeminiCallOptions, type GeminiCaller } from './gemini-call';
import type { GeminiKeyStore } from './gemini-key-store';

export type GeminiTuning = Partial<
  Pick<GeminiCallOptions, 'baseUrl' | 'timeoutMs' | 'attempts' | 'backoffMs'>
>;

export interface StationGeminiOptions {
  keys: Pick<GeminiKeyStore, 'read'>;
  clock: Clock;
  log: (line: string) => void;
  breaker: CircuitBreaker;
  tuning?: GeminiTuning;
}

export interface StationGemini {
  /** A caller on the configured key and its model; null when no key is configured. */
  now(): { caller: GeminiCaller; model: string } | null;
}

export function createStationGemini(opts: StationGeminiOptions): StationGemini {
  return {
    now() {
      const config = opts.keys.read();
      if (!config) return null;
      return {
        model: config.model,
        caller: createGeminiCaller({
          ...opts.tuning,
          ...config,
          clock: opts.clock,
          log: opts.log,
          breaker: opts.breaker,
        }),
      };
    },
  };
}

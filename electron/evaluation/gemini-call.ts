/**
 * One JSON request to Gemini (@google/genai; its predecessor @google/generative-ai was
 * deprecated in August 2025), as every Gemini feature of the station makes it: a system
 * instruction, one user message, a reply constrained by a JSON Schema and checked by the
 * caller's parser; each attempt bounded by a timeout; retries with exponential backoff and
 * jitter on what may pass (a timeout, the network, 408, 429, 5xx); one circuit breaker per
 * station so a Gemini that is down is not waited for again and again. A failure comes back as
 * a reason in plain words for staff; the key and raw error bodies (which can echo the
 * request) are never logged nor put in a reason.
 */
import { ApiError, GoogleGenAI } from '@google/genai';
import type { Clock } from '../core/clock';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker';

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
export const GEMINI_API_VERSION = 'v1beta';

export interface GeminiCallOptions {
  apiKey: string;
  model: string;
  /** Where the Gemini API is; Google's unless given (tests give a local fake server). */
  baseUrl?: string;
  clock: Clock;
  log: (line: string) => void;
  /** Shared across callers, so the station keeps one view of Gemini's health. */
  breaker?: CircuitBreaker;
  /** One attempt's limit. */
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  attempts?: number;
  /** The first retry's delay; each next one doubles, with jitter. */
  backoffMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GeminiRequest<T> {
  /** What the log lines name the call ("scoring", "résumé feedback"). */
  label: string;
  system: string;
  text: string;
  jsonSchema: Record<string, unknown>;
  /** Turns the reply's JSON into the value; throws a ReplyError when it is not usable. */
  parse: (json: unknown) => T;
  /** Sampling temperature; 0 (the most repeatable) unless given. */
  temperature?: number;
}

export type GeminiResult<T> =
  | {
      ok: true;
      value: T;
      inputTokens?: number;
      outputTokens?: number;
      latencyMs: number;
    }
  | { ok: false; reason: string };

/** Thrown by a parser: the reply came but cannot be used ("was not JSON", …). */
export class ReplyError extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

type Failure =
  | { kind: 'timeout' }
  | { kind: 'status'; status: number }
  | { kind: 'network' }
  | { kind: 'reply'; what: string };

const retryable = (f: Failure) =>
  f.kind === 'timeout' ||
  f.kind === 'network' ||
  (f.kind === 'status' && (f.status === 429 || f.status === 408 || f.status >= 500));

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** What staff read when Gemini did not give a usable reply. */
function reasonOf(f: Failure, timeoutMs: number): string {
  switch (f.kind) {
    case 'timeout':
      return `Gemini did not answer in ${seconds(timeoutMs)}`;
    case 'network':
      return 'Gemini could not be reached';
    case 'reply':
      return `Gemini's reply ${f.what}`;
    case 'status':
      if (f.status === 401 || f.status === 403) {
        return 'Gemini refused the station’s key (an admin can check it in Settings)';
      }
      if (f.status === 429) return 'Gemini is limiting requests for now';
      if (f.status >= 500) return `Gemini had a server error (${f.status})`;
      return `Gemini refused the request (${f.status})`;
  }
}

/** A short name for a failure in the log: a status or a kind, never a message or a body. */
const logName = (f: Failure) => (f.kind === 'status' ? `HTTP ${f.status}` : f.kind);

function failureOf(error: unknown, timedOut: boolean): Failure {
  if (timedOut) return { kind: 'timeout' };
  if (error instanceof ReplyError) return { kind: 'reply', what: error.what };
  if (error instanceof ApiError) return { kind: 'status', status: error.status };
  return { kind: 'network' };
}

export interface GeminiCaller {
  call<T>(request: GeminiRequest<T>): Promise<GeminiResult<T>>;
}

export function createGeminiCaller(opts: GeminiCallOptions): GeminiCaller {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const attempts = Math.max(1, opts.attempts ?? DEFAULT_ATTEMPTS);
  const backoffMs = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
  const random = opts.random ?? Math.random;
  const sleep =
    opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const breaker = opts.breaker ?? createCircuitBreaker({ clock: opts.clock });
  const ai = new GoogleGenAI({
    vertexai: false,
    apiKey: opts.apiKey,
    // No SDK retries (none unless retryOptions is given): ours count towards the breaker.
    // The API version is pinned (v1beta has responseJsonSchema), whatever the environment says.
    httpOptions: {
      apiVersion: GEMINI_API_VERSION,
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    },
  });

  /** One request, bounded by the timeout; throws with the failure attached. */
  const attempt = async <T>(request: GeminiRequest<T>) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const response = await ai.models.generateContent({
        model: opts.model,
        contents: [{ role: 'user', parts: [{ text: request.text }] }],
        config: {
          systemInstruction: request.system,
          responseMimeType: 'application/json',
          responseJsonSchema: request.jsonSchema,
          temperature: request.temperature ?? 0,
          abortSignal: abort.signal,
        },
      });
      let json: unknown;
      try {
        json = JSON.parse(response.text ?? '');
      } catch {
        throw new ReplyError('was not JSON');
      }
      const value = request.parse(json);
      const usage = response.usageMetadata;
      return {
        value,
        inputTokens: usage?.promptTokenCount,
        // Thinking tokens are output too (and billed as such).
        outputTokens:
          usage?.candidatesTokenCount === undefined
            ? undefined
            : usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0),
      };
    } catch (error) {
      throw Object.assign(new Error('attempt failed'), {
        failure: failureOf(error, abort.signal.aborted),
      });
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async call(request) {
      if (!breaker.allow()) {
        return {
          ok: false,
          reason: `Gemini failed several times in a row and is paused for ${Math.round(breaker.openMs / 60_000)} min`,
        };
      }
      const started = opts.clock.now();
      let failure: Failure = { kind: 'network' };
      for (let n = 1; n <= attempts; n++) {
        try {
          const done = await attempt(request);
          breaker.succeeded();
          return { ok: true, ...done, latencyMs: opts.clock.now() - started };
        } catch (error) {
          failure = (error as { failure?: Failure }).failure ?? failure;
          if (n === attempts || !retryable(failure)) break;
          const delay = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** (n - 1) * (0.5 + random()));
          opts.log(
            `Gemini ${request.label}: attempt ${n} of ${attempts} failed (${logName(failure)}); retrying in ${seconds(delay)}.`,
          );
          await sleep(delay);
        }
      }
      breaker.failed();
      return { ok: false, reason: reasonOf(failure, timeoutMs) };
    },
  };
}

/**
 * The optional Gemini scorer (@google/genai; its predecessor @google/generative-ai was
 * deprecated in August 2025). Each call is checked first: the candidate's consent to AI
 * scoring (asked right before the call, in main), then the circuit breaker. The request holds
 * the question, the rubric and the answer's text only (gemini-prompt.ts). A reply is checked
 * with zod, its quotes against the answer (gemini-evidence.ts), and its score is computed here
 * from the rubric's weights, never taken from the model. Any failure gives the offline
 * scorer's evaluation with the reason in plain words; the key and raw error bodies (which can
 * echo the request) are never logged nor put in a reason.
 */
import { ApiError, GoogleGenAI } from '@google/genai';
import { overallScore, type AnswerEvaluation, type CriterionScore } from '../../shared/rubric';
import type { ScorableAnswer, ScorableQuestion } from '../../shared/rubric';
import type { Clock } from '../core/clock';
import type { AnswerScorer } from './answer-scorer';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker';
import { checkEvidence } from './gemini-evidence';
import {
  PROMPT_VERSION,
  REPLY_JSON_SCHEMA,
  replySchema,
  requestText,
  SYSTEM_INSTRUCTION,
  type GeminiReply,
} from './gemini-prompt';

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
export const GEMINI_API_VERSION = 'v1beta';

export interface GeminiScorerOptions {
  apiKey: string;
  model: string;
  /** Where the Gemini API is; Google's unless given (tests give a local fake server). */
  baseUrl?: string;
  /** The offline scorer, which stands in whenever Gemini may not or does not answer. */
  fallback: AnswerScorer;
  clock: Clock;
  log: (line: string) => void;
  /** Whether this answer's candidate consented to AI scoring, asked right before each call. */
  consentCheck: () => boolean | Promise<boolean>;
  /** Shared across scorers, so the station keeps one view of Gemini's health. */
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

/** What a recruiter reads when the offline scorer stood in. */
function reasonOf(f: Failure, timeoutMs: number): string {
  switch (f.kind) {
    case 'timeout':
      return `Gemini did not answer in ${seconds(timeoutMs)}; scored offline`;
    case 'network':
      return 'Gemini could not be reached; scored offline';
    case 'reply':
      return `Gemini's reply ${f.what}; scored offline`;
    case 'status':
      if (f.status === 401 || f.status === 403) {
        return 'Gemini refused the station’s key (an admin can check it in Settings); scored offline';
      }
      if (f.status === 429) return 'Gemini is limiting requests for now; scored offline';
      if (f.status >= 500) return `Gemini had a server error (${f.status}); scored offline`;
      return `Gemini refused the request (${f.status}); scored offline`;
  }
}

/** A short name for a failure in the log: a status or a kind, never a message or a body. */
const logName = (f: Failure) => (f.kind === 'status' ? `HTTP ${f.status}` : f.kind);

class ReplyError extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

function failureOf(error: unknown, timedOut: boolean): Failure {
  if (timedOut) return { kind: 'timeout' };
  if (error instanceof ReplyError) return { kind: 'reply', what: error.what };
  if (error instanceof ApiError) return { kind: 'status', status: error.status };
  return { kind: 'network' };
}

interface Usage {
  inputTokens?: number;
  outputTokens?: number;
}

/** Turns a checked reply into the evaluation, on the rubric's criteria and weights. */
function evaluationOf(
  reply: GeminiReply,
  question: ScorableQuestion,
  answer: ScorableAnswer,
): { criteria: CriterionScore[]; score: number; rationale: string } {
  const byName = new Map(reply.criteria.map((c) => [c.name.trim().toLowerCase(), c]));
  let dropped = 0;
  const unsupported: string[] = [];
  const criteria = question.rubric.criteria.map((criterion) => {
    const scored = byName.get(criterion.name.toLowerCase());
    if (!scored) throw new ReplyError('did not score every criterion');
    const checked = checkEvidence(scored.evidence, answer);
    dropped += checked.dropped;
    // A score above the lowest must rest on words the candidate said: a model fooled into a
    // high score by text in the answer typically "quotes" what is not there.
    let score = scored.score;
    if (score > 1 && checked.evidence.length === 0) {
      unsupported.push(criterion.name);
      score = 1;
    }
    return { name: criterion.name, score, evidence: checked.evidence, weight: criterion.weight };
  });
  const notes = [reply.rationale.slice(0, 600)];
  if (dropped > 0) {
    notes.push(
      `${dropped} quoted passage${dropped === 1 ? ' was' : 's were'} not in the answer and ${dropped === 1 ? 'was' : 'were'} dropped.`,
    );
  }
  if (unsupported.length > 0) {
    notes.push(`Lowered to 1 for want of a quoted passage: ${unsupported.join(', ')}.`);
  }
  if (reply.instructionsInAnswer) {
    notes.push('The answer held instructions addressed to the scorer; they were ignored.');
  }
  return {
    score: overallScore(criteria),
    criteria: criteria.map(({ weight: _weight, ...c }) => c),
    rationale: notes.filter((n) => n.length > 0).join(' '),
  };
}

/** The Gemini scorer, falling back to `opts.fallback` with the reason. */
export function createGeminiScorer(opts: GeminiScorerOptions): AnswerScorer {
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

  const fallBack = async (
    question: ScorableQuestion,
    answer: ScorableAnswer,
    reason: string,
  ): Promise<AnswerEvaluation> => {
    opts.log(`Gemini scoring: ${reason}.`);
    return { ...(await opts.fallback.score(question, answer)), fallbackReason: reason };
  };

  /** One request, bounded by the timeout; throws ApiError, ReplyError or a network error. */
  const attempt = async (question: ScorableQuestion, answer: ScorableAnswer) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const response = await ai.models.generateContent({
        model: opts.model,
        contents: [{ role: 'user', parts: [{ text: requestText(question, answer) }] }],
        config: {
          systemInstruction: SYSTEM_INSTRUCTION,
          responseMimeType: 'application/json',
          responseJsonSchema: REPLY_JSON_SCHEMA,
          temperature: 0,
          abortSignal: abort.signal,
        },
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.text ?? '');
      } catch {
        throw new ReplyError('was not JSON');
      }
      const reply = replySchema.safeParse(parsed);
      if (!reply.success) throw new ReplyError('was not an evaluation of the expected shape');
      const usage = response.usageMetadata;
      const used: Usage = {
        inputTokens: usage?.promptTokenCount,
        // Thinking tokens are output too (and billed as such).
        outputTokens:
          usage?.candidatesTokenCount === undefined
            ? undefined
            : usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0),
      };
      return { reply: reply.data, used };
    } catch (error) {
      throw Object.assign(new Error('attempt failed'), {
        failure: failureOf(error, abort.signal.aborted),
      });
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async score(question, answer) {
      // A consent that cannot be read is no consent: nothing is sent.
      const consented = await Promise.resolve()
        .then(opts.consentCheck)
        .catch(() => null);
      if (consented === null) {
        return fallBack(
          question,
          answer,
          'AI scoring consent could not be checked; scored offline',
        );
      }
      if (!consented) {
        return fallBack(question, answer, 'AI scoring not consented; scored offline');
      }
      if (!breaker.allow()) {
        return fallBack(
          question,
          answer,
          `Gemini failed several times in a row and is paused for ${Math.round(breaker.openMs / 60_000)} min; scored offline`,
        );
      }
      const started = opts.clock.now();
      let failure: Failure = { kind: 'network' };
      for (let n = 1; n <= attempts; n++) {
        try {
          const { reply, used } = await attempt(question, answer);
          const evaluation = evaluationOf(reply, question, answer);
          breaker.succeeded();
          return {
            ...evaluation,
            provider: 'gemini',
            model: opts.model,
            promptVersion: PROMPT_VERSION,
            ...used,
            latencyMs: opts.clock.now() - started,
          };
        } catch (error) {
          failure =
            (error as { failure?: Failure }).failure ??
            (error instanceof ReplyError ? { kind: 'reply', what: error.what } : failure);
          if (n === attempts || !retryable(failure)) break;
          const delay = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** (n - 1) * (0.5 + random()));
          opts.log(
            `Gemini scoring: attempt ${n} of ${attempts} failed (${logName(failure)}); retrying in ${seconds(delay)}.`,
          );
          await sleep(delay);
        }
      }
      breaker.failed();
      return fallBack(question, answer, reasonOf(failure, timeoutMs));
    },
  };
}

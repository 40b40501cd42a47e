/**
 * The optional Gemini scorer. Each call is checked first: the candidate's consent to AI
 * scoring, asked right before the call, in main; then the request goes through the station's
 * Gemini call (gemini-call.ts: timeout, retries, circuit breaker). The request holds the
 * question, the rubric and the answer's text only (gemini-prompt.ts). A reply is checked with
 * zod, its quotes against the answer (gemini-evidence.ts), and its score is computed here from
 * the rubric's weights, never taken from the model. Any failure gives the offline scorer's
 * evaluation with the reason in plain words.
 */
import { overallScore, type AnswerEvaluation, type CriterionScore } from '../../shared/rubric';
import type { ScorableAnswer, ScorableQuestion } from '../../shared/rubric';
import type { AnswerScorer } from './answer-scorer';
import { createGeminiCaller, ReplyError, type GeminiCallOptions } from './gemini-call';
import { checkEvidence } from './gemini-evidence';
import {
  PROMPT_VERSION,
  REPLY_JSON_SCHEMA,
  replySchema,
  requestText,
  SYSTEM_INSTRUCTION,
  type GeminiReply,
} from './gemini-prompt';

export { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_TIMEOUT_MS } from './gemini-call';

export interface GeminiScorerOptions extends GeminiCallOptions {
  /** The offline scorer, which stands in whenever Gemini may not or does not answer. */
  fallback: AnswerScorer;
  /** Whether this answer's candidate consented to AI scoring, asked right before each call. */
  consentCheck: () => boolean | Promise<boolean>;
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
  const gemini = createGeminiCaller(opts);

  const fallBack = async (
    question: ScorableQuestion,
    answer: ScorableAnswer,
    reason: string,
  ): Promise<AnswerEvaluation> => {
    opts.log(`Gemini scoring: ${reason}.`);
    return { ...(await opts.fallback.score(question, answer)), fallbackReason: reason };
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
      const result = await gemini.call({
        label: 'scoring',
        system: SYSTEM_INSTRUCTION,
        text: requestText(question, answer),
        jsonSchema: REPLY_JSON_SCHEMA,
        parse: (json) => {
          const reply = replySchema.safeParse(json);
          if (!reply.success) throw new ReplyError('was not an evaluation of the expected shape');
          return evaluationOf(reply.data, question, answer);
        },
      });
      if (!result.ok) return fallBack(question, answer, `${result.reason}; scored offline`);
      return {
        ...result.value,
        provider: 'gemini',
        model: opts.model,
        promptVersion: PROMPT_VERSION,
        inputTokens: result.inputTokens,
        outputTokens: result.outputTokens,
        latencyMs: result.latencyMs,
      };
    },
  };
}

/**
 * Suggested scores for spoken and written answers: each audio, video or text answer whose
 * question has a rubric is scored once its words are known (a text answer when its session
 * ends, a spoken one when its transcript is stored), by the offline scorer or, where an admin
 * or IT configured a key and the candidate consented, by Gemini (checked right before each
 * call). Stored as a `scores` row of kind 'rubric' (offline) or 'gemini' with the evidence per
 * criterion. A suggestion only: recruiters accept, change or ignore it, and that is audited.
 *
 * The scorer sees the question, its rubric and the answer's words only: never the candidate's
 * name, face, voice or signals.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { outboxHooks } from '../core/outbox-hooks';
import {
  answers,
  questions,
  scores,
  sessions,
  transcripts,
  transcriptSegments,
} from '../../db/schema';
import type { AnswerSuggestion, SuggestedCriterion } from '../../shared/answer-suggestion';
import type { AnswerEvaluation, ScorableAnswer, ScorableQuestion } from '../../shared/rubric';
import type { Clock } from '../core/clock';
import { aiScoringConsented } from '../domain/ai-consent';
import type { StationScorer } from '../evaluation/station-scorer';

const SUGGESTION_KINDS = ['rubric', 'gemini'] as const;

export interface AnswerSuggestionsOptions {
  db: Db;
  clock: Clock;
  log: (line: string) => void;
  scorer: StationScorer;
}

/** What an answer gives a scorer, and whom it belongs to (for the consent check). */
interface Scorable {
  interviewId: number;
  question: ScorableQuestion;
  answer: ScorableAnswer;
}

export class AnswerSuggestions {
  /** Answers queued or being scored, so two triggers never score one answer twice at once. */
  private readonly busy = new Set<number>();
  /** One answer at a time, in order: Gemini sees one request at a time from a station. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: AnswerSuggestionsOptions) {}

  /** Scores one answer in the background (no-op when it has nothing to score yet). */
  enqueue(answerId: number): void {
    if (this.busy.has(answerId)) return;
    this.busy.add(answerId);
    this.queue = this.queue
      .then(() => this.suggest(answerId))
      .then(
        () => undefined,
        (error: unknown) =>
          this.opts.log(`suggestions: answer ${answerId} not scored: ${(error as Error).message}`),
      )
      .finally(() => this.busy.delete(answerId));
  }

  /** A session ended: its written answers are final. */
  sessionEnded(sessionId: number): void {
    for (const id of this.unscored(sessionId)) this.enqueue(id);
  }

  /** At start: answers whose words are known but that have no suggestion (a crash, an update). */
  catchUp(): number {
    const ids = this.unscored(null);
    for (const id of ids) this.enqueue(id);
    return ids.length;
  }

  /** Waits for the scoring queued so far (tests, and a station closing). */
  async settle(): Promise<void> {
    for (let queued = this.queue; ; queued = this.queue) {
      await queued;
      if (queued === this.queue) return;
    }
  }

  /** Scores an answer now and stores the suggestion; null when it has nothing to score. */
  async suggest(answerId: number): Promise<number | null> {
    const scorable = loadScorable(this.opts.db, answerId);
    if (!scorable) return null;
    const { db, clock, scorer } = this.opts;
    const evaluation = await scorer
      .scorerFor(() => aiScoringConsented(db, scorable.interviewId))
      .score(scorable.question, scorable.answer);
    // The answer may have been erased or purged while the scorer worked.
    if (!db.select({ id: answers.id }).from(answers).where(eq(answers.id, answerId)).get()) {
      return null;
    }
    return storeSuggestion(db, answerId, evaluation, scorable.question, clock.now());
  }

  /** Answers with words and a rubric but no suggestion, in ended sessions (of one, or all). */
  private unscored(sessionId: number | null): number[] {
    const { db } = this.opts;
    const rows = db
      .select({
        id: answers.id,
        type: questions.type,
        text: answers.text,
        spoken: answers.transcript,
      })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .innerJoin(sessions, eq(sessions.id, answers.sessionId))
      .where(
        and(
          isNotNull(questions.rubric),
          inArray(sessions.status, ['completed', 'interrupted']),
          sessionId === null ? undefined : eq(answers.sessionId, sessionId),
        ),
      )
      .all()
      .filter((row) => (row.type === 'text' ? row.text : row.spoken)?.trim());
    if (rows.length === 0) return [];
    const scored = new Set(
      db
        .select({ answerId: scores.answerId })
        .from(scores)
        .where(
          and(
            inArray(
              scores.answerId,
              rows.map((r) => r.id),
            ),
            inArray(scores.scorerKind, [...SUGGESTION_KINDS]),
          ),
        )
        .all()
        .map((row) => row.answerId),
    );
    return rows.map((row) => row.id).filter((id) => !scored.has(id));
  }
}

/** The question with its rubric and the answer's words (with times, when spoken). */
export function loadScorable(db: Db, answerId: number): Scorable | null {
  const row = db
    .select({ answer: answers, question: questions, interviewId: sessions.interviewId })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .innerJoin(sessions, eq(sessions.id, answers.sessionId))
    .where(eq(answers.id, answerId))
    .get();
  if (!row || row.question.type === 'mcq' || !row.question.rubric) return null;
  const question: ScorableQuestion = {
    key: `question-${row.question.id}`,
    prompt: row.question.prompt,
    type: row.question.type,
    rubric: row.question.rubric,
  };
  if (row.question.type === 'text') {
    const text = row.answer.text?.trim();
    return text ? { interviewId: row.interviewId, question, answer: { text } } : null;
  }
  const words = spokenWords(db, answerId);
  const text = row.answer.transcript?.trim() || words.map((w) => w.word).join(' ');
  if (!text) return null;
  return { interviewId: row.interviewId, question, answer: { text, words } };
}

/** The answer's newest transcript's words, on the session clock. */
function spokenWords(db: Db, answerId: number): NonNullable<ScorableAnswer['words']> {
  const transcript = db
    .select({ id: transcripts.id })
    .from(transcripts)
    .where(eq(transcripts.answerId, answerId))
    .orderBy(desc(transcripts.id))
    .get();
  if (!transcript) return [];
  return db
    .select({ words: transcriptSegments.words })
    .from(transcriptSegments)
    .where(eq(transcriptSegments.transcriptId, transcript.id))
    .orderBy(asc(transcriptSegments.startMs))
    .all()
    .flatMap((segment) => segment.words ?? []);
}

function storeSuggestion(
  db: Db,
  answerId: number,
  evaluation: AnswerEvaluation,
  question: ScorableQuestion,
  now: number,
): number {
  const weights = new Map(question.rubric.criteria.map((c) => [c.name, c.weight]));
  const criteria: SuggestedCriterion[] = evaluation.criteria.map((c) => ({
    ...c,
    weight: weights.get(c.name) ?? 1,
  }));
  return db.transaction(() => {
    const id = db
      .insert(scores)
      .values({
        answerId,
        scorerKind: evaluation.provider === 'gemini' ? 'gemini' : 'rubric',
        score: evaluation.score,
        rationale: evaluation.rationale,
        createdAt: now,
        model: evaluation.model,
        promptVersion: evaluation.promptVersion,
        criteria,
        fallbackReason: evaluation.fallbackReason ?? null,
        inputTokens: evaluation.inputTokens ?? null,
        outputTokens: evaluation.outputTokens ?? null,
        latencyMs: Math.round(evaluation.latencyMs),
      })
      .returning({ id: scores.id })
      .get().id;
    outboxHooks(db)?.scoreAdded(id);
    return id;
  });
}

/** The newest suggestion for each of the answers, for the review screen. */
export function loadSuggestions(
  db: Db,
  answerIds: number[],
  names: (userId: number) => string | null,
): Map<number, AnswerSuggestion> {
  const found = new Map<number, AnswerSuggestion>();
  if (answerIds.length === 0) return found;
  const rows = db
    .select()
    .from(scores)
    .where(
      and(inArray(scores.answerId, answerIds), inArray(scores.scorerKind, [...SUGGESTION_KINDS])),
    )
    .orderBy(desc(scores.id))
    .all();
  for (const row of rows) {
    if (found.has(row.answerId)) continue;
    found.set(row.answerId, {
      scoreId: row.id,
      score: row.score,
      provider: row.scorerKind === 'gemini' ? 'gemini' : 'offline',
      model: row.model ?? 'unknown',
      promptVersion: row.promptVersion ?? 'unknown',
      rationale: row.rationale ?? '',
      fallbackReason: row.fallbackReason,
      criteria: row.criteria ?? [],
      createdAt: row.createdAt,
      response:
        row.response && row.respondedAt !== null
          ? {
              kind: row.response,
              byName: row.respondedBy === null ? null : names(row.respondedBy),
              at: row.respondedAt,
            }
          : null,
    });
  }
  return found;
}

/** The suggestion a recruiter responds to: one of this answer's, not yet responded to by anyone. */
export function findSuggestion(db: Db, answerId: number, scoreId: number) {
  return db
    .select()
    .from(scores)
    .where(
      and(
        eq(scores.id, scoreId),
        eq(scores.answerId, answerId),
        inArray(scores.scorerKind, [...SUGGESTION_KINDS]),
        isNull(scores.response),
      ),
    )
    .get();
}

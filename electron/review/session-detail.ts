import type { AnswerSuggestion } from '../../shared/answer-suggestion';
import { loadSuggestions } from './answer-suggestions';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/open';
import {
  answers,
  candidates,
  evaluations,
  interviews,
  jobs,
  media,
  questionnaires,
  questions,
  scores,
  sessions,
  sessionSegments,
  sessionSummaries,
  transcripts,
  transcriptSegments,
  users,
} from '../../db/schema';
import { StationError } from '../core/errors';
import { loadAnswerParts, type ReviewAnswerPart } from './answer-parts';
import { loadEvents, type ReviewEvent } from './review-events';
import { loadSessionAnalysis, type SessionAnalysis } from './session-analysis';
import { findWithdrawal, type Withdrawal } from '../domain/withdrawal';
import { findDecline, type ConsentDecline } from '../domain/consent';
import {
  loadAnswerTranscriptions,
  type AnswerTranscription,
} from '../transcription/answer-transcription';

export interface ReviewScore {
  id: number;
  score: number;
  notes: string | null;
  scorerUserId: number | null;
  scorerName: string | null;
  createdAt: number;
}

export interface ReviewAnswer {
  id: number;
  position: number;
  question: {
    id: number;
    type: (typeof questions.$inferSelect)['type'];
    prompt: string;
    options: string[] | null;
    correctOption: number | null;
    /** Whether it has a rubric its answers are scored against (audio, video and text). */
    hasRubric: boolean;
  };
  status: (typeof answers.$inferSelect)['status'];
  text: string | null;
  choice: number | null;
  transcript: string | null;
  /** The audio or video answer's own recording, by media id. */
  mediaId: number | null;
  /** Every playable part: the answer's own media and any recorded before an interruption. */
  parts: ReviewAnswerPart[];
  startedMs: number | null;
  endedMs: number | null;
  /** Takes thrown away and recorded again (audio and video answers; 0 for the others). */
  retakesUsed: number;
  /** The multiple-choice auto-score, when the question has a correct option. */
  autoScore: { score: number; rationale: string | null } | null;
  /** Each recruiter's latest score for this answer. */
  recruiterScores: ReviewScore[];
  /** Where a recorded answer stands with transcription, and its speech figures once done. */
  transcription: AnswerTranscription | null;
  /** The scorer's newest suggestion (audio, video and text answers with a rubric). */
  suggestion: AnswerSuggestion | null;
}

export interface ReviewSegment {
  id: number;
  ordinal: number;
  /** Session clock (ms) where this segment's recording starts and ends. */
  startMs: number;
  endMs: number | null;
  recordingMediaId: number | null;
}

export interface ReviewTranscriptSegment {
  id: number;
  answerId: number | null;
  startMs: number;
  endMs: number;
  text: string;
}

export interface ReviewEvaluation {
  id: number;
  decision: (typeof evaluations.$inferSelect)['decision'];
  overallScore: number | null;
  notes: string | null;
  reviewerId: number;
  reviewerName: string;
  createdAt: number;
}

/** Everything the replay screen and the report show about one interview. */
export interface SessionDetail {
  interview: {
    id: number;
    status: (typeof interviews.$inferSelect)['status'];
    applicationStatus: (typeof interviews.$inferSelect)['applicationStatus'];
    accommodations: (typeof interviews.$inferSelect)['accommodations'];
    /** Retakes the questionnaire allowed per audio or video answer. */
    retakesAllowed: number;
    scheduledAt: number;
  };
  candidate: { id: number; fullName: string; email: string | null };
  job: { id: number; title: string; department: string | null };
  session: {
    id: number;
    status: (typeof sessions.$inferSelect)['status'];
    startedAt: number;
    endedAt: number | null;
    /** Session-clock length: the last segment's end, or the last heartbeat's clock. */
    durationMs: number;
    integrityFlags: string[];
  } | null;
  answers: ReviewAnswer[];
  segments: ReviewSegment[];
  events: ReviewEvent[];
  summary: Record<string, unknown> | null;
  transcript: ReviewTranscriptSegment[];
  evaluations: ReviewEvaluation[];
  /** The candidate withdrew consent during the interview: when, and what they chose. */
  withdrawal: Withdrawal | null;
  /** The candidate declined the consent notice: when, and the other path they were offered. */
  declined: ConsentDecline | null;
  /** Keywords, competencies, strengths, areas to probe and an overall suggestion. */
  analysis: SessionAnalysis;
}

/** Loads one interview for review; NOT_FOUND when there is no such interview. */
export function loadSessionDetail(db: Db, interviewId: number): SessionDetail {
  const head = db
    .select({
      interview: interviews,
      candidate: candidates,
      job: jobs,
      retakesAllowed: questionnaires.retakesAllowed,
    })
    .from(interviews)
    .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
    .innerJoin(jobs, eq(jobs.id, interviews.jobId))
    .innerJoin(questionnaires, eq(questionnaires.id, interviews.questionnaireId))
    .where(eq(interviews.id, interviewId))
    .get();
  if (!head) throw new StationError('NOT_FOUND', 'There is no such interview.');
  const { interview, candidate, job } = head;
  const session = db.select().from(sessions).where(eq(sessions.interviewId, interviewId)).get();
  const evaluationRows = loadEvaluations(db, interviewId);
  const base = {
    interview: {
      id: interview.id,
      status: interview.status,
      applicationStatus: interview.applicationStatus,
      accommodations: interview.accommodations,
      retakesAllowed: head.retakesAllowed,
      scheduledAt: interview.createdAt,
    },
    candidate: { id: candidate.id, fullName: candidate.fullName, email: candidate.email },
    job: { id: job.id, title: job.title, department: job.department },
    evaluations: evaluationRows,
    withdrawal: findWithdrawal(db, interviewId),
    declined: findDecline(db, interviewId),
  };
  if (!session) {
    return {
      ...base,
      session: null,
      answers: [],
      segments: [],
      events: [],
      summary: null,
      transcript: [],
      analysis: loadSessionAnalysis(db, job.id, []),
    };
  }
  const segments = loadSegments(db, session.id);
  const lastEnd = Math.max(0, ...segments.map((s) => s.endMs ?? 0));
  const answerRows = loadAnswers(db, session.id);
  return {
    ...base,
    session: {
      id: session.id,
      status: session.status,
      startedAt: session.startedAt,
      endedAt: session.endedAt,
      durationMs: Math.max(lastEnd, session.clockMs),
      integrityFlags: session.integrityFlags,
    },
    answers: answerRows,
    analysis: loadSessionAnalysis(db, job.id, answerRows),
    segments,
    events: loadEvents(db, session.id),
    summary:
      db
        .select({ summary: sessionSummaries.summary })
        .from(sessionSummaries)
        .where(eq(sessionSummaries.sessionId, session.id))
        .get()?.summary ?? null,
    transcript: loadTranscript(db, session.id),
  };
}

function loadSegments(db: Db, sessionId: number): ReviewSegment[] {
  const segments = db
    .select()
    .from(sessionSegments)
    .where(eq(sessionSegments.sessionId, sessionId))
    .orderBy(asc(sessionSegments.ordinal))
    .all();
  const recordings = db
    .select()
    .from(media)
    .where(and(eq(media.sessionId, sessionId), eq(media.kind, 'recording')))
    .orderBy(asc(media.startMs))
    .all();
  return segments.map((segment) => {
    const recording = recordings.find((r) => r.segmentId === segment.id);
    // The recording's own start is what its video's time 0 is on the session clock.
    return {
      id: segment.id,
      ordinal: segment.ordinal,
      startMs: recording?.startMs ?? segment.startMs,
      endMs: recording?.endMs ?? segment.endMs,
      recordingMediaId: recording?.id ?? null,
    };
  });
}

function loadAnswers(db: Db, sessionId: number): ReviewAnswer[] {
  const rows = db
    .select({ answer: answers, question: questions })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(eq(answers.sessionId, sessionId))
    .orderBy(asc(answers.position))
    .all();
  const answerIds = rows.map((r) => r.answer.id);
  const transcription = loadAnswerTranscriptions(db, sessionId);
  const parts = loadAnswerParts(
    db,
    sessionId,
    rows.map((r) => r.answer),
  );
  const scoreRows =
    answerIds.length === 0
      ? []
      : db
          .select({ score: scores, scorerName: users.displayName })
          .from(scores)
          .leftJoin(users, eq(users.id, scores.scorerUserId))
          .where(inArray(scores.answerId, answerIds))
          .orderBy(desc(scores.id))
          .all();
  const suggestions = loadSuggestions(db, answerIds, (userId) => staffName(db, userId));
  return rows.map(({ answer, question }) => {
    const own = scoreRows.filter((s) => s.score.answerId === answer.id);
    const auto = own.find((s) => s.score.scorerKind === 'auto');
    // Newest first, so the first row per recruiter is their current score.
    const seen = new Set<number | null>();
    const recruiterScores: ReviewScore[] = [];
    for (const { score, scorerName } of own) {
      if (score.scorerKind !== 'recruiter' || seen.has(score.scorerUserId)) continue;
      seen.add(score.scorerUserId);
      recruiterScores.push({
        id: score.id,
        score: score.score,
        notes: score.rationale,
        scorerUserId: score.scorerUserId,
        scorerName,
        createdAt: score.createdAt,
      });
    }
    return {
      id: answer.id,
      position: answer.position,
      question: {
        id: question.id,
        type: question.type,
        prompt: question.prompt,
        options: question.options,
        correctOption: question.correctOption,
        hasRubric: question.rubric !== null,
      },
      status: answer.status,
      text: answer.text,
      choice: answer.choice,
      transcript: answer.transcript,
      mediaId: answer.mediaId,
      parts: parts.get(answer.id) ?? [],
      startedMs: answer.startedMs,
      endedMs: answer.endedMs,
      retakesUsed: retakesUsed(question.type, answer),
      autoScore: auto ? { score: auto.score.score, rationale: auto.score.rationale } : null,
      recruiterScores,
      transcription: transcription.get(answer.id) ?? null,
      suggestion: suggestions.get(answer.id) ?? null,
    };
  });
}

function staffName(db: Db, userId: number): string | null {
  return (
    db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).get()?.name ??
    null
  );
}

/**
 * A retake adds one to `attempts` (session-store countRetake), and closing the answer adds the
 * take that was kept; so a closed answer used attempts − 1 retakes, an open one `attempts`.
 */
function retakesUsed(
  type: ReviewAnswer['question']['type'],
  answer: typeof answers.$inferSelect,
): number {
  if (type !== 'audio' && type !== 'video') return 0;
  const open = answer.status === 'pending' || answer.status === 'draft';
  return Math.max(0, answer.attempts - (open ? 0 : 1));
}

/**
 * What was said, each piece once. The session recording includes the microphone, so its
 * transcript repeats every answer's speech. Answer transcripts come first (they are ready
 * sooner, and belong to their answer card); the session transcript fills in the rest — speech
 * outside answers, and answers whose own transcript is missing. A session segment that overlaps
 * a transcribed answer's recording is left out whole: a few words at an edge are better lost
 * than shown twice.
 */
function loadTranscript(db: Db, sessionId: number): ReviewTranscriptSegment[] {
  const all = db
    .select({
      id: transcriptSegments.id,
      answerId: transcripts.answerId,
      startMs: transcriptSegments.startMs,
      endMs: transcriptSegments.endMs,
      text: transcriptSegments.text,
    })
    .from(transcriptSegments)
    .innerJoin(transcripts, eq(transcripts.id, transcriptSegments.transcriptId))
    .where(eq(transcripts.sessionId, sessionId))
    .orderBy(asc(transcriptSegments.startMs), asc(transcriptSegments.id))
    .all();
  const covered = db
    .select({ startMs: media.startMs, endMs: media.endMs, endedMs: answers.endedMs })
    .from(transcripts)
    .innerJoin(answers, eq(answers.id, transcripts.answerId))
    .innerJoin(media, eq(media.id, answers.mediaId))
    .where(eq(transcripts.sessionId, sessionId))
    .all()
    .map((r) => ({ startMs: r.startMs, endMs: r.endMs ?? r.endedMs ?? Number.MAX_SAFE_INTEGER }));
  return dropRepeatedSpeech(all, covered);
}

/** Session segments (answerId null) overlapping any `covered` range are dropped. */
function dropRepeatedSpeech(
  segments: ReviewTranscriptSegment[],
  covered: { startMs: number; endMs: number }[],
): ReviewTranscriptSegment[] {
  return segments.filter(
    (segment) =>
      segment.answerId !== null ||
      !covered.some((range) => segment.startMs < range.endMs && segment.endMs > range.startMs),
  );
}

/** An interview's decisions, newest first. */
export function loadEvaluations(db: Db, interviewId: number): ReviewEvaluation[] {
  return db
    .select({
      id: evaluations.id,
      decision: evaluations.decision,
      overallScore: evaluations.overallScore,
      notes: evaluations.notes,
      reviewerId: evaluations.reviewerId,
      reviewerName: users.displayName,
      createdAt: evaluations.createdAt,
    })
    .from(evaluations)
    .innerJoin(users, eq(users.id, evaluations.reviewerId))
    .where(eq(evaluations.interviewId, interviewId))
    .orderBy(desc(evaluations.id))
    .all();
}

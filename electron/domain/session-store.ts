import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { outboxHooks } from '../core/outbox-hooks';
import type { SessionPhase } from '../../shared/enums';
import {
  answers,
  events,
  interviews,
  questionnaireQuestions,
  questionnaires,
  questions,
  scores,
  sessionSegments,
  sessions,
} from '../../db/schema';

export type SessionRow = typeof sessions.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;

export interface SessionQuestion {
  id: number;
  type: (typeof questions.$inferSelect)['type'];
  prompt: string;
  options: string[] | null;
  correctOption: number | null;
  readingMs: number;
  answerMs: number;
}

/** The ordered questions of an interview, with answer limits stretched by its extra time. */
export function loadInterviewQuestions(db: Db, interviewId: number): SessionQuestion[] {
  const interview = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  if (!interview) return [];
  const stretch = 1 + interview.accommodations.extraTimePercent / 100;
  return db
    .select({ q: questions })
    .from(questionnaireQuestions)
    .innerJoin(questions, eq(questions.id, questionnaireQuestions.questionId))
    .where(eq(questionnaireQuestions.questionnaireId, interview.questionnaireId))
    .orderBy(asc(questionnaireQuestions.position))
    .all()
    .map(({ q }) => ({
      id: q.id,
      type: q.type,
      prompt: q.prompt,
      options: q.options ?? null,
      correctOption: q.correctOption ?? null,
      readingMs: q.readingSeconds * 1000,
      answerMs: Math.round(q.answerSeconds * 1000 * stretch),
    }));
}

/** The latest consent decision for an interview, if any. */
export function findSession(db: Db, sessionId: number): SessionRow | undefined {
  return db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
}

export function findAnswer(db: Db, sessionId: number, position: number): AnswerRow | undefined {
  return db
    .select()
    .from(answers)
    .where(and(eq(answers.sessionId, sessionId), eq(answers.position, position)))
    .get();
}

/** Creates the session, its first recording segment and one pending answer per question. */
export function insertSession(
  db: Db,
  interviewId: number,
  questionList: SessionQuestion[],
  now: number,
): number {
  return db.transaction((tx) => {
    const session = tx
      .insert(sessions)
      .values({ interviewId, startedAt: now, lastHeartbeatAt: now })
      .returning({ id: sessions.id })
      .get();
    tx.insert(sessionSegments)
      .values({ sessionId: session.id, ordinal: 0, startMs: 0, startedAt: now })
      .run();
    tx.insert(answers)
      .values(
        questionList.map((q, position) => ({
          sessionId: session.id,
          questionId: q.id,
          position,
          updatedAt: now,
        })),
      )
      .run();
    tx.update(interviews)
      .set({ status: 'in_progress' })
      .where(eq(interviews.id, interviewId))
      .run();
    return session.id;
  });
}

/**
 * Reopens an interrupted session: the old segment ends at the last heartbeat, a new one
 * starts now, and the gap becomes a `restart` event for the reviewer.
 */
export function reopenSession(db: Db, session: SessionRow, now: number): void {
  const resumeMs = now - session.startedAt;
  db.transaction((tx) => {
    const last = tx
      .select()
      .from(sessionSegments)
      .where(eq(sessionSegments.sessionId, session.id))
      .orderBy(desc(sessionSegments.ordinal))
      .get();
    if (last) {
      tx.update(sessionSegments)
        .set({ endMs: session.clockMs })
        .where(eq(sessionSegments.id, last.id))
        .run();
    }
    tx.insert(sessionSegments)
      .values({
        sessionId: session.id,
        ordinal: (last?.ordinal ?? -1) + 1,
        startMs: resumeMs,
        startedAt: now,
      })
      .run();
    tx.insert(events)
      .values({
        sessionId: session.id,
        type: 'restart',
        startMs: session.clockMs,
        endMs: resumeMs,
        severity: 'medium',
        details: { gapMs: resumeMs - session.clockMs, position: session.currentPosition },
      })
      .run();
    tx.update(sessions)
      .set({ status: 'active', lastHeartbeatAt: now, clockMs: resumeMs })
      .where(eq(sessions.id, session.id))
      .run();
  });
}

/** Marks every session that was still running when the station stopped as interrupted. */
export function markInterrupted(db: Db): number {
  const running = db.select().from(sessions).where(eq(sessions.status, 'active')).all();
  for (const session of running) {
    const flags = session.integrityFlags.includes('interrupted')
      ? session.integrityFlags
      : [...session.integrityFlags, 'interrupted'];
    db.update(sessions)
      .set({ status: 'interrupted', integrityFlags: flags })
      .where(eq(sessions.id, session.id))
      .run();
  }
  return running.length;
}

export function listInterrupted(db: Db): SessionRow[] {
  return db
    .select()
    .from(sessions)
    .where(eq(sessions.status, 'interrupted'))
    .orderBy(desc(sessions.lastHeartbeatAt))
    .all();
}

/** Persists where the session stands, so a restart resumes from here. */
export function saveProgress(
  db: Db,
  sessionId: number,
  progress: {
    position: number;
    phase: SessionPhase;
    phaseElapsedMs: number;
    now: number;
    clockMs: number;
  },
): void {
  db.update(sessions)
    .set({
      currentPosition: progress.position,
      phase: progress.phase,
      phaseElapsedMs: progress.phaseElapsedMs,
      lastHeartbeatAt: progress.now,
      clockMs: progress.clockMs,
    })
    .where(eq(sessions.id, sessionId))
    .run();
}

export function saveDraftAnswer(
  db: Db,
  answerId: number,
  draft: { text?: string; choice?: number },
  now: number,
): void {
  db.update(answers)
    .set({ ...draft, status: 'draft', updatedAt: now })
    .where(eq(answers.id, answerId))
    .run();
}

/** How many retakes the interview's questionnaire allows per audio or video answer. */
export function loadRetakesAllowed(db: Db, interviewId: number): number {
  const row = db
    .select({ retakes: questionnaires.retakesAllowed })
    .from(interviews)
    .innerJoin(questionnaires, eq(questionnaires.id, interviews.questionnaireId))
    .where(eq(interviews.id, interviewId))
    .get();
  return row?.retakes ?? 0;
}

/** A take thrown away: the answer restarts at `startedMs` and counts one more attempt. */
export function countRetake(db: Db, answerId: number, startedMs: number, now: number): void {
  db.update(answers)
    .set({ startedMs, attempts: sql`${answers.attempts} + 1`, mediaId: null, updatedAt: now })
    .where(eq(answers.id, answerId))
    .run();
}

export function markAnswerStarted(db: Db, answerId: number, startedMs: number, now: number): void {
  db.update(answers).set({ startedMs, updatedAt: now }).where(eq(answers.id, answerId)).run();
}

/** Closes an answer and, for a multiple-choice question, records its automatic score. */
export function finaliseAnswer(
  db: Db,
  answer: AnswerRow,
  question: SessionQuestion,
  outcome: { status: 'submitted' | 'timed_out' | 'unsupported'; endedMs: number; now: number },
): void {
  db.transaction((tx) => {
    tx.update(answers)
      .set({
        status: outcome.status,
        endedMs: outcome.endedMs,
        updatedAt: outcome.now,
        attempts: answer.attempts + 1,
      })
      .where(eq(answers.id, answer.id))
      .run();
    if (question.type === 'mcq' && question.correctOption !== null) {
      const chosen = answer.choice;
      const right = chosen === question.correctOption;
      tx.insert(scores)
        .values({
          answerId: answer.id,
          scorerKind: 'auto',
          score: right ? 100 : 0,
          rationale:
            chosen === null
              ? 'No option chosen.'
              : `Chose option ${letter(chosen)}; the correct option is ${letter(question.correctOption)}.`,
        })
        .run();
    }
  });
}

export function completeSession(db: Db, session: SessionRow, now: number, clockMs: number): void {
  db.transaction((tx) => {
    tx.update(sessions)
      .set({ status: 'completed', endedAt: now, lastHeartbeatAt: now, clockMs })
      .where(eq(sessions.id, session.id))
      .run();
    tx.update(sessionSegments)
      .set({ endMs: clockMs })
      .where(and(eq(sessionSegments.sessionId, session.id), isNull(sessionSegments.endMs)))
      .run();
    tx.update(interviews)
      .set({ status: 'completed', applicationStatus: 'Interviewed' })
      .where(eq(interviews.id, session.interviewId))
      .run();
    // The sync outbox's rows for the session commit with its final state (or neither does).
    outboxHooks(db)?.sessionFinished(session.id);
  });
}

function letter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** Whether a session's interview shows the candidate proctoring notices (an accommodation). */
export function candidateNoticesOn(db: Db, sessionId: number): boolean {
  const row = db
    .select({ accommodations: interviews.accommodations })
    .from(sessions)
    .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
    .where(eq(sessions.id, sessionId))
    .get();
  return row?.accommodations.candidateNotices ?? true;
}

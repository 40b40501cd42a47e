import { count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/open';
import {
  candidates,
  events,
  interviews,
  jobs,
  questionnaireQuestions,
  sessions,
} from '../../db/schema';
import type { SessionPhase } from '../../shared/enums';

/** Who is being interviewed and where they are, as the staff's live panel shows it. */
export interface SessionInfo {
  sessionId: number;
  candidateName: string;
  jobTitle: string;
  /** Zero-based position of the current question. */
  position: number;
  total: number;
  phase: SessionPhase;
  /** Wall-clock start: time 0 of the session clock. */
  startedAt: number;
}

/** Reads a session's candidate, job and progress (the runner saves progress before its hooks). */
export function loadSessionInfo(db: Db, sessionId: number): SessionInfo | null {
  const row = db
    .select({
      sessionId: sessions.id,
      position: sessions.currentPosition,
      phase: sessions.phase,
      startedAt: sessions.startedAt,
      candidateName: candidates.fullName,
      jobTitle: jobs.title,
      questionnaireId: interviews.questionnaireId,
    })
    .from(sessions)
    .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
    .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
    .innerJoin(jobs, eq(jobs.id, interviews.jobId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row) return null;
  const { questionnaireId, ...info } = row;
  const total =
    db
      .select({ n: count() })
      .from(questionnaireQuestions)
      .where(eq(questionnaireQuestions.questionnaireId, questionnaireId))
      .get()?.n ?? 0;
  return { ...info, total };
}

/** A camera or microphone failure recorded during a session, for the diagnostics panel. */
export interface CaptureProblem {
  sessionId: number;
  device: 'camera' | 'microphone';
  /** Wall-clock time the device was lost. */
  at: number;
  reason: string | null;
  /** Whether the device came back before the session ended. */
  recovered: boolean;
}

/** The latest camera/microphone losses capture recorded, newest first. */
export function recentCaptureProblems(db: Db, limit = 5): CaptureProblem[] {
  return db
    .select({
      sessionId: events.sessionId,
      type: events.type,
      startMs: events.startMs,
      endMs: events.endMs,
      details: events.details,
      startedAt: sessions.startedAt,
    })
    .from(events)
    .innerJoin(sessions, eq(sessions.id, events.sessionId))
    .where(inArray(events.type, ['camera_lost', 'mic_lost']))
    .orderBy(desc(events.id))
    .limit(limit)
    .all()
    .map((row) => ({
      sessionId: row.sessionId,
      device: row.type === 'camera_lost' ? ('camera' as const) : ('microphone' as const),
      at: row.startedAt + row.startMs,
      reason: typeof row.details?.reason === 'string' ? row.details.reason : null,
      recovered: row.endMs !== null,
    }));
}

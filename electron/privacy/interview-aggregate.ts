import type { Db } from '../../db/open';
import type { interviewAggregates } from '../../db/privacy-schema';
import type { ApplicationStatus, InterviewStatus } from '../../shared/enums';
import { dayOf } from './retention-policy';

export type InterviewAggregate = typeof interviewAggregates.$inferInsert;

interface InterviewFacts {
  jobId: number;
  createdAt: number;
  status: InterviewStatus;
  applicationStatus: ApplicationStatus;
  questionnaireId: number;
  sessionId: number | null;
  startedAt: number | null;
  endedAt: number | null;
}

/**
 * What statistics keep of an interview once it is purged: its job, days, outcome, score,
 * counts. Read before its rows are deleted, in the same transaction. Null when it is gone.
 */
export function aggregateOf(db: Db, interviewId: number, now: number): InterviewAggregate | null {
  const sql = db.$client;
  const facts = sql
    .prepare(
      `SELECT i.job_id AS jobId, i.created_at AS createdAt, i.status,
              i.application_status AS applicationStatus, i.questionnaire_id AS questionnaireId,
              s.id AS sessionId, s.started_at AS startedAt, s.ended_at AS endedAt
         FROM interviews i LEFT JOIN sessions s ON s.interview_id = i.id
        WHERE i.id = ?`,
    )
    .get(interviewId) as InterviewFacts | undefined;
  if (!facts) return null;
  const decision = sql
    .prepare(
      `SELECT decision, overall_score AS overallScore FROM evaluations
        WHERE interview_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
    )
    .get(interviewId) as { decision: ApplicationStatus; overallScore: number | null } | undefined;
  const consent = sql
    .prepare(
      `SELECT recording, signals FROM consents
        WHERE interview_id = ? ORDER BY decided_at DESC, id DESC LIMIT 1`,
    )
    .get(interviewId) as { recording: number; signals: number } | undefined;
  const questionCount = sql
    .prepare('SELECT COUNT(*) FROM questionnaire_questions WHERE questionnaire_id = ?')
    .pluck()
    .get(facts.questionnaireId) as number;
  const answeredCount = sql
    .prepare("SELECT COUNT(*) FROM answers WHERE session_id = ? AND status = 'submitted'")
    .pluck()
    .get(facts.sessionId) as number;
  const eventCounts = Object.fromEntries(
    (
      sql
        .prepare('SELECT type, COUNT(*) AS n FROM events WHERE session_id = ? GROUP BY type')
        .all(facts.sessionId) as { type: string; n: number }[]
    ).map(({ type, n }) => [type, n]),
  );
  const ran = facts.startedAt !== null;
  return {
    jobId: facts.jobId,
    scheduledOn: dayOf(facts.createdAt),
    heldOn: ran ? dayOf(facts.startedAt ?? 0) : null,
    purgedOn: dayOf(now),
    status: facts.status,
    decision: decision?.decision ?? facts.applicationStatus,
    overallScore: decision?.overallScore ?? null,
    questionCount,
    answeredCount,
    sessionMinutes:
      ran && facts.endedAt !== null
        ? Math.round((facts.endedAt - (facts.startedAt ?? 0)) / 60_000)
        : null,
    consentedRecording: consent ? consent.recording === 1 : null,
    consentedSignals: consent ? consent.signals === 1 : null,
    eventCounts,
  };
}

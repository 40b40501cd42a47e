import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import {
  candidates,
  checkInAttempts,
  interviews,
  jobs,
  questionnaireQuestions,
  questions,
  sessions,
} from '../../db/schema';
import { recordAudit, type AuditEntry } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { hashAccessCode } from '../core/secrets';
import { CheckInPauses, MAX_FAILED_CODES, type Pause } from './check-in-pauses';

export { COOLDOWN_MS, MAX_FAILED_CODES } from './check-in-pauses';

export interface CheckedInInterview {
  interviewId: number;
  candidateName: string;
  jobTitle: string;
  questionCount: number;
  expectedMinutes: number;
  aiScoring: boolean;
  candidateNotices: boolean;
  extraTimePercent: number;
}

/**
 * Checks a candidate in by access code. Wrong codes pause check-in for the page they came
 * from (its attempt source, named by the transport) and, past a ceiling, for everyone.
 */
export class CheckIn {
  private readonly pauses: CheckInPauses;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The key codes are stored under (core/station-key.ts). */
    private readonly stationKey: Buffer,
  ) {
    this.pauses = new CheckInPauses(db);
  }

  /** During a pause every code is refused (and the attempt recorded), the right one too. */
  private refuseWhilePaused(source: string): void {
    const pause = this.pauses.current(source, this.clock.now());
    if (pause) {
      this.recordAttempt('cooldown', null);
      const why =
        pause.scope === 'station'
          ? 'Check-in is paused for a little while after many incorrect codes at this station.'
          : 'Too many incorrect codes.';
      throw new StationError(
        'TOO_MANY_REQUESTS',
        `${why} Please wait ${formatWait(pause.remainingMs)} and try again, or ask the coordinator for help.`,
        { retryAfterMs: pause.remainingMs },
      );
    }
  }

  /**
   * Milliseconds left in the pause that applies to `source`, or without a source the longest
   * pause anywhere (for staff); 0 when open.
   */
  cooldownRemaining(source?: string): number {
    const now = this.clock.now();
    if (source === undefined) return this.pauses.longest(now);
    return this.pauses.current(source, now)?.remainingMs ?? 0;
  }

  checkIn(rawCode: string, source: string): CheckedInInterview {
    const now = this.clock.now();
    this.refuseWhilePaused(source);
    const interview = this.db
      .select()
      .from(interviews)
      .where(eq(interviews.accessCodeHash, hashAccessCode(this.stationKey, rawCode)))
      .get();
    if (!interview) {
      return this.refuse(
        source,
        'wrong_code',
        null,
        'That code was not recognised. Check it and try again.',
      );
    }
    if (interview.expiresAt < now) {
      return this.refuse(
        source,
        'expired',
        interview.id,
        'This code has expired. Please ask the coordinator for a new one.',
      );
    }
    const session = this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.interviewId, interview.id))
      .get();
    if (session || !['scheduled', 'checked_in'].includes(interview.status)) {
      return this.refuse(
        source,
        'used',
        interview.id,
        'This code has already been used. If your interview was interrupted, choose “Resume” on the start screen or ask the coordinator.',
      );
    }
    this.recordAttempt('accepted', interview.id);
    this.pauses.recordSuccess(source, now);
    this.db
      .update(interviews)
      .set({ status: 'checked_in' })
      .where(eq(interviews.id, interview.id))
      .run();
    recordAudit(this.db, now, {
      actorKind: 'candidate',
      action: 'check_in',
      subjectType: 'interview',
      subjectId: interview.id,
    });
    return this.describe(interview.id);
  }

  /**
   * Proves a candidate holds the access code of `interviewId` (to resume its session). A wrong
   * code counts towards the same pauses as a wrong check-in, so resuming is no way around them.
   */
  confirmCode(interviewId: number, rawCode: string, source: string): void {
    this.refuseWhilePaused(source);
    const found = this.db
      .select({ id: interviews.id })
      .from(interviews)
      .where(eq(interviews.accessCodeHash, hashAccessCode(this.stationKey, rawCode)))
      .get();
    if (found?.id !== interviewId) {
      this.refuse(
        source,
        'wrong_code',
        null,
        'That is not the code of this interview. Check your invitation and try again.',
      );
    }
    this.pauses.recordSuccess(source, this.clock.now());
  }

  /**
   * Lifts every pause, each page's and the station-wide one (staff saw who was at the kiosk);
   * audited. Returns whether there was one to lift.
   */
  clearCooldown(actor: Pick<AuditEntry, 'actorKind' | 'actorId'>): boolean {
    const paused = this.pauses.clear(this.clock.now());
    if (paused) {
      recordAudit(this.db, this.clock.now(), {
        ...actor,
        action: 'check_in_cooldown_cleared',
      });
    }
    return paused;
  }

  /** What the candidate sees after checking in. */
  describe(interviewId: number): CheckedInInterview {
    const row = this.db
      .select({
        interviewId: interviews.id,
        candidateName: candidates.fullName,
        jobTitle: jobs.title,
        questionnaireId: interviews.questionnaireId,
        aiScoring: interviews.aiScoring,
        accommodations: interviews.accommodations,
      })
      .from(interviews)
      .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
      .innerJoin(jobs, eq(jobs.id, interviews.jobId))
      .where(eq(interviews.id, interviewId))
      .get();
    if (!row) throw new StationError('NOT_FOUND', 'This interview no longer exists.');
    const extra = row.accommodations.extraTimePercent;
    const limits = this.db
      .select({ reading: questions.readingSeconds, answer: questions.answerSeconds })
      .from(questionnaireQuestions)
      .innerJoin(questions, eq(questions.id, questionnaireQuestions.questionId))
      .where(eq(questionnaireQuestions.questionnaireId, row.questionnaireId))
      .all();
    const seconds = limits.reduce((sum, q) => sum + q.reading + q.answer * (1 + extra / 100), 0);
    return {
      interviewId: row.interviewId,
      candidateName: row.candidateName,
      jobTitle: row.jobTitle,
      questionCount: limits.length,
      expectedMinutes: Math.max(1, Math.ceil(seconds / 60)),
      aiScoring: row.aiScoring,
      candidateNotices: row.accommodations.candidateNotices,
      extraTimePercent: extra,
    };
  }

  /** How many check-in attempts ended with the given outcome (for diagnostics and tests). */
  attemptCount(outcome: (typeof checkInAttempts.$inferSelect)['outcome']): number {
    const row = this.db
      .select({ n: count() })
      .from(checkInAttempts)
      .where(eq(checkInAttempts.outcome, outcome))
      .get();
    return row?.n ?? 0;
  }

  private refuse(
    source: string,
    outcome: 'wrong_code' | 'expired' | 'used',
    interviewId: number | null,
    message: string,
  ): never {
    const now = this.clock.now();
    this.recordAttempt(outcome, interviewId);
    const missed = this.pauses.recordMiss(source, now);
    if ('triesLeft' in missed) {
      throw new StationError('NOT_FOUND', message, { triesLeft: missed.triesLeft });
    }
    const { pause } = missed;
    recordAudit(this.db, now, {
      actorKind: 'station',
      action: pause.scope === 'station' ? 'check_in_station_cooldown' : 'check_in_cooldown',
      details: { cooldownMs: pause.remainingMs },
    });
    throw new StationError('TOO_MANY_REQUESTS', `${message} ${pausedBecause(pause)}`, {
      retryAfterMs: pause.remainingMs,
    });
  }

  private recordAttempt(
    outcome: (typeof checkInAttempts.$inferSelect)['outcome'],
    interviewId: number | null,
  ): void {
    this.db.insert(checkInAttempts).values({ at: this.clock.now(), outcome, interviewId }).run();
  }
}

/** Why a miss paused check-in, and for how long, in the candidate's words. */
function pausedBecause(pause: Pause): string {
  return pause.scope === 'station'
    ? `There have been many incorrect codes at this station, so check-in is paused for ${formatWait(pause.remainingMs)}. The coordinator can help in the meantime.`
    : `That was ${MAX_FAILED_CODES} incorrect tries, so check-in is paused for ${formatWait(pause.remainingMs)}.`;
}

function formatWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes <= 1 ? 'a minute' : `${minutes} minutes`;
}

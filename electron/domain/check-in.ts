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
import { normaliseAccessCode } from '../core/secrets';
import { readSetting, writeSetting } from '../core/setting-store';

export const MAX_FAILED_CODES = 5;
export const COOLDOWN_MS = 5 * 60 * 1000;
// Failures further apart than this do not add up to a cool-down.
const FAILURE_MEMORY_MS = 15 * 60 * 1000;
const LOCKOUT_KEY = 'checkIn.lockout';

interface Lockout {
  failures: number;
  lastFailureAt: number;
  until: number | null;
}

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

/** Checks a candidate in by access code, with a station-wide cool-down after repeated misses. */
export class CheckIn {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** During a cool-down every code is refused (and the attempt recorded), the right one too. */
  private refuseWhileCoolingDown(): void {
    const remaining = this.cooldownRemaining();
    if (remaining > 0) {
      this.recordAttempt('cooldown', null);
      throw new StationError(
        'TOO_MANY_REQUESTS',
        `Too many incorrect codes. Please wait ${formatWait(remaining)} and try again, or ask the coordinator for help.`,
        { retryAfterMs: remaining },
      );
    }
  }

  /** Milliseconds left in the current cool-down, or 0. */
  cooldownRemaining(): number {
    const lockout = readSetting<Lockout>(this.db, LOCKOUT_KEY);
    if (!lockout?.until) return 0;
    return Math.max(0, lockout.until - this.clock.now());
  }

  checkIn(rawCode: string): CheckedInInterview {
    const now = this.clock.now();
    this.refuseWhileCoolingDown();
    const code = normaliseAccessCode(rawCode);
    const interview = this.db
      .select()
      .from(interviews)
      .where(eq(interviews.accessCode, code))
      .get();
    if (!interview) {
      return this.refuse(
        'wrong_code',
        null,
        'That code was not recognised. Check it and try again.',
      );
    }
    if (interview.expiresAt < now) {
      return this.refuse(
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
        'used',
        interview.id,
        'This code has already been used. If your interview was interrupted, choose “Resume” on the start screen or ask the coordinator.',
      );
    }
    this.recordAttempt('accepted', interview.id);
    writeSetting(this.db, LOCKOUT_KEY, { failures: 0, lastFailureAt: 0, until: null });
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
   * code counts towards the same station-wide cool-down as a wrong check-in, so resuming is
   * no way around it.
   */
  confirmCode(interviewId: number, rawCode: string): void {
    this.refuseWhileCoolingDown();
    const found = this.db
      .select({ id: interviews.id })
      .from(interviews)
      .where(eq(interviews.accessCode, normaliseAccessCode(rawCode)))
      .get();
    if (found?.id !== interviewId) {
      this.refuse(
        'wrong_code',
        null,
        'That is not the code of this interview. Check your invitation and try again.',
      );
    }
    writeSetting(this.db, LOCKOUT_KEY, { failures: 0, lastFailureAt: 0, until: null });
  }

  /**
   * Lifts the cool-down for everyone (staff saw who was at the kiosk); audited. Returns
   * whether there was one to lift.
   */
  clearCooldown(actor: Pick<AuditEntry, 'actorKind' | 'actorId'>): boolean {
    const paused = this.cooldownRemaining() > 0;
    writeSetting(this.db, LOCKOUT_KEY, { failures: 0, lastFailureAt: 0, until: null });
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
    outcome: 'wrong_code' | 'expired' | 'used',
    interviewId: number | null,
    message: string,
  ): never {
    const now = this.clock.now();
    this.recordAttempt(outcome, interviewId);
    const previous = readSetting<Lockout>(this.db, LOCKOUT_KEY);
    const recent = previous && now - previous.lastFailureAt < FAILURE_MEMORY_MS;
    const failures = (recent ? previous.failures : 0) + 1;
    if (failures >= MAX_FAILED_CODES) {
      writeSetting(this.db, LOCKOUT_KEY, {
        failures: 0,
        lastFailureAt: now,
        until: now + COOLDOWN_MS,
      });
      recordAudit(this.db, now, {
        actorKind: 'station',
        action: 'check_in_cooldown',
        details: { failures, cooldownMs: COOLDOWN_MS },
      });
      throw new StationError(
        'TOO_MANY_REQUESTS',
        `${message} That was ${MAX_FAILED_CODES} incorrect tries, so check-in is paused for ${formatWait(COOLDOWN_MS)}.`,
        { retryAfterMs: COOLDOWN_MS },
      );
    }
    writeSetting(this.db, LOCKOUT_KEY, { failures, lastFailureAt: now, until: null });
    throw new StationError('NOT_FOUND', message, {
      triesLeft: MAX_FAILED_CODES - failures,
    });
  }

  private recordAttempt(
    outcome: (typeof checkInAttempts.$inferSelect)['outcome'],
    interviewId: number | null,
  ): void {
    this.db.insert(checkInAttempts).values({ at: this.clock.now(), outcome, interviewId }).run();
  }
}

function formatWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes <= 1 ? 'a minute' : `${minutes} minutes`;
}

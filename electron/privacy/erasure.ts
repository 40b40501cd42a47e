/**
 * Erasure on request (GDPR Art. 17; the Illinois AI Video Interview Act's 30 days): staff see
 * what erasing a candidate deletes, then erase them. Each interview is marked as asked for
 * erasure, and the retention purge deletes it at once through its own crash-safe steps (the
 * same guarantees: rows, then files, finished at the next start if cut off), keeping only the
 * anonymised aggregate. A candidate left with no interview is deleted too. The audit keeps
 * that an erasure happened, by whom and when, with counts and no personal data.
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { candidates, interviews, media, sessions } from '../../db/schema';
import { legalHolds } from '../../db/privacy-schema';
import { recordAudit, type AuditEntry } from '../core/audit';
import { outboxHooks } from '../core/outbox-hooks';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import type { PurgeRunSummary } from '../monitor/retention-state';
import { DAY_MS } from './retention-policy';

/** Days the Illinois Act allows between a request and the deletion. */
export const ERASURE_DUE_DAYS = 30;

export interface ErasurePreview {
  candidateId: number;
  interviews: number;
  sessions: number;
  mediaFiles: number;
  /** Interviews under a legal hold: not erased until the hold is lifted. */
  held: number;
  /** A session running now: erasing waits until it ends. */
  running: boolean;
}

export interface PendingErasure {
  interviewId: number;
  requestedAt: number;
  dueBy: number;
  /** Why it is not done yet. */
  waitingFor: 'hold' | 'running session' | 'next purge';
}

export interface ErasureParts {
  db: Db;
  clock: Clock;
  /** Runs the purge now (null where the station has no data folder, so nothing to purge). */
  purgeNow: (() => Promise<PurgeRunSummary>) | null;
}

export class Erasures {
  constructor(private readonly parts: ErasureParts) {}

  preview(candidateId: number): ErasurePreview {
    const { db } = this.parts;
    if (!db.select().from(candidates).where(eq(candidates.id, candidateId)).get()) {
      throw new StationError('NOT_FOUND', 'This candidate no longer exists.');
    }
    const ids = this.interviewIds(candidateId);
    const sessionRows = ids.length
      ? db.select().from(sessions).where(inArray(sessions.interviewId, ids)).all()
      : [];
    const sessionIds = sessionRows.map((s) => s.id);
    return {
      candidateId,
      interviews: ids.length,
      sessions: sessionRows.length,
      mediaFiles: sessionIds.length
        ? db.select().from(media).where(inArray(media.sessionId, sessionIds)).all().length
        : 0,
      held: ids.length
        ? new Set(
            db
              .select({ id: legalHolds.interviewId })
              .from(legalHolds)
              .where(and(inArray(legalHolds.interviewId, ids), isNull(legalHolds.liftedAt)))
              .all()
              .map((h) => h.id),
          ).size
        : 0,
      running: sessionRows.some((s) => s.status === 'active'),
    };
  }

  /**
   * Erases a candidate: refused while one of their sessions runs or one of their interviews is
   * held (staff see why first, in the preview). Resolves once the purge has run.
   */
  async erase(
    actor: Pick<AuditEntry, 'actorKind' | 'actorId'>,
    candidateId: number,
    /** The candidate's name as staff typed it: a slip of the mouse erases nobody. */
    confirmName: string,
  ): Promise<{ interviews: number; files: number; bytes: number }> {
    const { db, clock } = this.parts;
    const preview = this.preview(candidateId);
    const name = db.select().from(candidates).where(eq(candidates.id, candidateId)).get()?.fullName;
    if (name?.trim().toLowerCase() !== confirmName.trim().toLowerCase()) {
      throw new StationError(
        'BAD_REQUEST',
        'The name typed does not match the candidate’s. Nothing was erased.',
      );
    }
    if (preview.running) {
      throw new StationError(
        'CONFLICT',
        'This candidate is taking an interview now. Erase them once it has ended.',
      );
    }
    if (preview.held > 0) {
      throw new StationError(
        'CONFLICT',
        'An interview of this candidate is under a legal hold. An admin must lift the hold first.',
      );
    }
    const ids = this.interviewIds(candidateId);
    const now = clock.now();
    db.transaction(() => {
      if (ids.length) {
        db.update(interviews)
          .set({ erasureRequestedAt: now })
          .where(and(inArray(interviews.id, ids), isNull(interviews.erasureRequestedAt)))
          .run();
      }
      // The receiver is told to erase them too, and nothing of theirs still unsent goes.
      outboxHooks(db)?.candidateErasing(candidateId);
    });
    // A run already under way may have chosen its interviews before this request: then a
    // second run takes them.
    let summary: PurgeRunSummary | null = null;
    for (
      let run = 0;
      run < 2 && this.parts.purgeNow && this.interviewIds(candidateId).length;
      run++
    ) {
      summary = await this.parts.purgeNow();
    }
    const left = this.interviewIds(candidateId).length;
    // The purge deletes a candidate whose last interview went; one who had none goes here.
    if (left === 0) db.delete(candidates).where(eq(candidates.id, candidateId)).run();
    recordAudit(db, clock.now(), {
      ...actor,
      action: 'candidate_erased',
      subjectType: 'candidate',
      subjectId: candidateId,
      details: {
        interviews: preview.interviews,
        sessions: preview.sessions,
        mediaFiles: preview.mediaFiles,
        left,
      },
    });
    if (left > 0) {
      throw new StationError(
        'PRECONDITION_FAILED',
        'The erasure is recorded but not finished; the station finishes it at its next purge ' +
          '(at the latest at its next start). Staff diagnostics show how far it got.',
      );
    }
    return {
      interviews: preview.interviews,
      files: summary?.files ?? 0,
      bytes: summary?.bytes ?? 0,
    };
  }

  /** Erasure requests not yet done, with their due date, oldest first. */
  pending(runningSessions: number[]): PendingErasure[] {
    const { db } = this.parts;
    const rows = db
      .select({
        interviewId: interviews.id,
        requestedAt: interviews.erasureRequestedAt,
        sessionId: sessions.id,
      })
      .from(interviews)
      .leftJoin(sessions, eq(sessions.interviewId, interviews.id))
      .where(isNotNull(interviews.erasureRequestedAt))
      .all();
    const held = new Set(
      db
        .select({ id: legalHolds.interviewId })
        .from(legalHolds)
        .where(isNull(legalHolds.liftedAt))
        .all()
        .map((h) => h.id),
    );
    return rows
      .map((row) => {
        const requestedAt = row.requestedAt ?? 0;
        const waitingFor: PendingErasure['waitingFor'] = held.has(row.interviewId)
          ? 'hold'
          : row.sessionId !== null && runningSessions.includes(row.sessionId)
            ? 'running session'
            : 'next purge';
        return {
          interviewId: row.interviewId,
          requestedAt,
          dueBy: requestedAt + ERASURE_DUE_DAYS * DAY_MS,
          waitingFor,
        };
      })
      .sort((a, b) => a.requestedAt - b.requestedAt);
  }

  private interviewIds(candidateId: number): number[] {
    return this.parts.db
      .select({ id: interviews.id })
      .from(interviews)
      .where(eq(interviews.candidateId, candidateId))
      .all()
      .map((i) => i.id);
  }
}

/**
 * Legal holds: a staff member keeps one interview from the retention purge, with a reason,
 * until a hold is lifted (by an admin, with a reason). The reasons stay in legal_holds; the
 * audit log records who set or lifted a hold and when, never the reason (free text).
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { interviews } from '../../db/schema';
import { legalHolds, purges } from '../../db/privacy-schema';
import { recordAudit } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';

export interface HoldActor {
  actorKind: 'recruiter' | 'admin';
  actorId: number;
}

export interface HoldEntry {
  id: number;
  reason: string;
  setAt: number;
  setByName: string;
  liftedAt: number | null;
  liftedByName: string | null;
  liftReason: string | null;
}

export interface HoldView {
  interviewId: number;
  /** The hold in force, or null. */
  current: HoldEntry | null;
  /** Earlier holds, newest first. */
  earlier: HoldEntry[];
  /** The purge has begun: too late to hold it. */
  purging: boolean;
}

/** Sets, lifts and shows legal holds (see the file comment). */
export class LegalHolds {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  view(interviewId: number): HoldView {
    this.interview(interviewId);
    const setter = this.db.$client.prepare('SELECT display_name FROM users WHERE id = ?').pluck();
    const entries = this.db
      .select()
      .from(legalHolds)
      .where(eq(legalHolds.interviewId, interviewId))
      .orderBy(desc(legalHolds.setAt), desc(legalHolds.id))
      .all()
      .map((h): HoldEntry => ({
        id: h.id,
        reason: h.reason,
        setAt: h.setAt,
        setByName: (setter.get(h.setBy) as string | undefined) ?? 'a former staff member',
        liftedAt: h.liftedAt,
        liftedByName: h.liftedBy === null ? null : ((setter.get(h.liftedBy) as string) ?? null),
        liftReason: h.liftReason,
      }));
    return {
      interviewId,
      current: entries.find((e) => e.liftedAt === null) ?? null,
      earlier: entries.filter((e) => e.liftedAt !== null),
      purging: this.purging(interviewId),
    };
  }

  /** Puts a hold on an interview; refused when one is in force or the purge has begun. */
  set(actor: HoldActor, interviewId: number, reason: string): HoldView {
    const now = this.clock.now();
    this.db.transaction((tx) => {
      this.interview(interviewId);
      if (this.purging(interviewId)) {
        throw new StationError(
          'CONFLICT',
          'This interview is being deleted: it can no longer be held.',
        );
      }
      if (this.active(interviewId)) {
        throw new StationError('CONFLICT', 'This interview is already under a legal hold.');
      }
      const hold = tx
        .insert(legalHolds)
        .values({ interviewId, reason, setBy: actor.actorId, setAt: now })
        .returning({ id: legalHolds.id })
        .get();
      // Same connection: inside the transaction.
      recordAudit(this.db, now, {
        ...actor,
        action: 'legal_hold_set',
        subjectType: 'interview',
        subjectId: interviewId,
        details: { holdId: hold.id },
      });
    });
    return this.view(interviewId);
  }

  /** Lifts the hold in force; the interview is purged at the next run if its time has passed. */
  lift(actor: HoldActor, interviewId: number, reason: string): HoldView {
    const now = this.clock.now();
    this.db.transaction((tx) => {
      this.interview(interviewId);
      const hold = this.active(interviewId);
      if (!hold) throw new StationError('CONFLICT', 'This interview is not under a legal hold.');
      tx.update(legalHolds)
        .set({ liftedAt: now, liftedBy: actor.actorId, liftReason: reason })
        .where(eq(legalHolds.id, hold.id))
        .run();
      // Same connection: inside the transaction.
      recordAudit(this.db, now, {
        ...actor,
        action: 'legal_hold_lifted',
        subjectType: 'interview',
        subjectId: interviewId,
        details: { holdId: hold.id },
      });
    });
    return this.view(interviewId);
  }

  private interview(interviewId: number): void {
    const row = this.db
      .select({ id: interviews.id })
      .from(interviews)
      .where(eq(interviews.id, interviewId))
      .get();
    if (!row) {
      throw new StationError('NOT_FOUND', 'That interview no longer exists. Refresh the list.');
    }
  }

  private active(interviewId: number) {
    return this.db
      .select({ id: legalHolds.id })
      .from(legalHolds)
      .where(and(eq(legalHolds.interviewId, interviewId), isNull(legalHolds.liftedAt)))
      .get();
  }

  private purging(interviewId: number): boolean {
    return (
      this.db
        .select({ id: purges.id })
        .from(purges)
        .where(eq(purges.interviewId, interviewId))
        .get() !== undefined
    );
  }
}

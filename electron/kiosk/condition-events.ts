/**
 * Conditions of the station's surroundings as events on the sessions they overlap: one event
 * per condition and running session, opened when the condition is first seen and ended when
 * it clears or the session stops running. Each watch (remote tools, displays, the window's
 * focus) keeps one of these and says, at each look, which conditions hold.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { events } from '../../db/schema';
import type { EventType } from '../../shared/enums';
import type { Clock } from '../core/clock';

export interface Condition {
  /** Stable while the condition holds ("AnyDesk", "displays"). */
  key: string;
  type: EventType;
  details: Record<string, unknown>;
  /**
   * The condition is a fact of the machine, true before the session began (a virtual
   * machine): its event spans the session from 0:00, not from the look that saw it.
   */
  sinceStart?: boolean;
}

export interface RunningSessionClock {
  sessionId: number;
  /** Time 0 of the session's clock. */
  startedAt: number;
}

export class ConditionEvents {
  /** Open events by session (with its clock's start), then condition key. */
  private readonly open = new Map<number, { startedAt: number; byKey: Map<string, number> }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Opens an event per running session and holding condition; ends the others. */
  update(holding: readonly Condition[], running: readonly RunningSessionClock[]): void {
    const now = this.clock.now();
    const live = new Set(running.map((s) => s.sessionId));
    for (const [sessionId, open] of this.open) {
      if (live.has(sessionId)) continue;
      this.close(open.byKey.values(), now - open.startedAt);
      this.open.delete(sessionId);
    }
    const keys = new Set(holding.map((c) => c.key));
    for (const { sessionId, startedAt } of running) {
      const atMs = now - startedAt;
      const open = this.open.get(sessionId) ?? { startedAt, byKey: new Map<string, number>() };
      this.open.set(sessionId, open);
      for (const condition of holding) {
        if (open.byKey.has(condition.key)) continue;
        const row = this.db
          .insert(events)
          .values({
            sessionId,
            type: condition.type,
            startMs: condition.sinceStart ? 0 : Math.max(0, Math.round(atMs)),
            endMs: null,
            severity: 'high',
            details: condition.details,
          })
          .returning({ id: events.id })
          .get();
        open.byKey.set(condition.key, row.id);
      }
      for (const [key, eventId] of open.byKey) {
        if (keys.has(key)) continue;
        this.close([eventId], atMs);
        open.byKey.delete(key);
      }
    }
  }

  private close(eventIds: Iterable<number>, atMs: number): void {
    for (const eventId of eventIds) {
      this.db
        .update(events)
        .set({ endMs: Math.max(0, Math.round(atMs)) })
        .where(and(eq(events.id, eventId), isNull(events.endMs)))
        .run();
    }
  }
}

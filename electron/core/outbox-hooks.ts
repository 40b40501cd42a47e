/**
 * Where the transactions that change what a station syncs tell the sync outbox
 * (electron/sync/outbox.ts), so the outbox rows are written inside them: a session's final
 * state and its rows commit together or not at all. The features doing those writes sit below
 * sync in the layers, so they find the outbox here, by their database, instead of importing it;
 * a station without sync configured registers nothing and they write as before.
 *
 * Every hook is called inside the caller's synchronous better-sqlite3 transaction, on the same
 * connection, so it writes with `db` and a throw rolls the whole change back.
 */
import type { Db } from '../../db/open';

export interface OutboxHooks {
  sessionFinished(sessionId: number): void;
  decisionSaved(evaluationId: number): void;
  scoreAdded(scoreId: number): void;
  transcriptSaved(transcriptId: number): void;
  candidateErasing(candidateId: number): void;
}

const registered = new WeakMap<Db, OutboxHooks>();

export function registerOutboxHooks(db: Db, hooks: OutboxHooks | null): void {
  if (hooks) registered.set(db, hooks);
  else registered.delete(db);
}

/** The outbox of `db`, or null when the station does not sync. */
export function outboxHooks(db: Db): OutboxHooks | null {
  return registered.get(db) ?? null;
}

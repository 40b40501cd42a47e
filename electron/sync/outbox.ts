/**
 * The transactional outbox: each hook (core/outbox-hooks.ts) runs inside the transaction that
 * changed the station's rows and writes what the receiver must hear in it, so a session's final
 * state and its outbox rows land together or not at all. A row is written only when its item
 * changed since the last revision written (a digest of its content), so hooks may fire freely.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { evaluations } from '../../db/schema';
import { syncItem } from '../../shared/sync-contract';
import { syncConfirmations, syncItems, syncRevisions, syncUploads } from '../../db/sync-schema';
import type { Clock } from '../core/clock';
import type { OutboxHooks } from '../core/outbox-hooks';
import { readSetting } from '../core/setting-store';
import type { ItemDraft, MediaDraft } from './drafts';
import { Serialiser } from './serialise';
import { stationIds, stationSyncId } from './stable-ids';
import { SYNC_SETTINGS } from './sync-settings';

/** What an item's payload is cut down to once it is no longer to be sent (see sync-schema.ts). */
export const STRIPPED_PAYLOAD = sql`json_object('id', ${syncItems.itemId}, 'kind', ${syncItems.kind}, 'revision', ${syncItems.revision})`;

export class SyncOutbox implements OutboxHooks {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Whether the station syncs now (enrolled with a receiver); else the hooks write nothing. */
    private readonly configured: () => boolean,
    private readonly log: (line: string) => void = () => {},
  ) {}

  private serialiser(): Serialiser {
    const sendIdentity = readSetting<boolean>(this.db, SYNC_SETTINGS.sendIdentity) === true;
    return new Serialiser(this.db, stationIds(stationSyncId(this.db)), sendIdentity);
  }

  sessionFinished(sessionId: number): void {
    if (!this.configured()) return;
    const { items, media } = this.serialiser().session(sessionId);
    for (const draft of items) this.write(draft);
    for (const file of media) this.upload(file);
  }

  decisionSaved(evaluationId: number): void {
    if (!this.configured()) return;
    const serialiser = this.serialiser();
    const decision = serialiser.decision(evaluationId);
    if (!decision) return;
    // The interview's application status changed with it.
    const interview = this.interviewOf(evaluationId);
    if (interview) this.write(interview);
    this.write(decision);
  }

  scoreAdded(scoreId: number): void {
    if (!this.configured()) return;
    const draft = this.serialiser().score(scoreId);
    if (draft) this.write(draft);
  }

  transcriptSaved(transcriptId: number): void {
    if (!this.configured()) return;
    const draft = this.serialiser().transcript(transcriptId);
    if (draft) this.write(draft);
  }

  candidateErasing(candidateId: number): void {
    if (!this.configured()) return;
    // Nothing of theirs still unsent goes; the receiver erases what it already has.
    this.db
      .update(syncItems)
      .set({ state: 'cancelled' })
      .where(and(eq(syncItems.candidateId, candidateId), eq(syncItems.state, 'pending')))
      .run();
    // And the outbox keeps nothing of theirs, sent or not.
    this.db
      .update(syncItems)
      .set({ payload: STRIPPED_PAYLOAD })
      .where(eq(syncItems.candidateId, candidateId))
      .run();
    this.db
      .update(syncUploads)
      .set({ state: 'cancelled' })
      .where(and(eq(syncUploads.candidateId, candidateId), inArray(syncUploads.state, ['pending'])))
      .run();
    this.write(this.serialiser().erasure(candidateId, this.clock.now()));
  }

  /** Writes the next revision of an item, unless it says what its last revision said. */
  write(draft: ItemDraft): void {
    const digest = createHash('sha256').update(JSON.stringify(draft.item)).digest('hex');
    const last = this.db.select().from(syncRevisions).where(eq(syncRevisions.key, draft.key)).get();
    if (last?.digest === digest) return;
    const revision = (last?.revision ?? 0) + 1;
    this.db
      .insert(syncRevisions)
      .values({ key: draft.key, revision, digest })
      .onConflictDoUpdate({ target: syncRevisions.key, set: { revision, digest } })
      .run();
    const checked = syncItem.safeParse({ ...draft.item, revision });
    // An item the contract refuses must not roll the interview's own change back: it is kept,
    // rejected, for diagnostics to show (the field names only, never the values).
    const reason = checked.success
      ? null
      : `Does not match the contract: ${checked.error.issues
          .map((issue) => issue.path.join('.'))
          .join(', ')
          .slice(0, 250)}`;
    if (reason) this.log(`sync: ${draft.item.kind} ${draft.item.id} not sent. ${reason}`);
    // A confirmed session with something new is confirmed again only once that arrived too.
    if (draft.sessionId !== null) {
      this.db
        .delete(syncConfirmations)
        .where(eq(syncConfirmations.sessionId, draft.sessionId))
        .run();
    }
    this.db
      .insert(syncItems)
      .values({
        itemId: draft.item.id,
        kind: draft.item.kind,
        revision,
        sessionId: draft.sessionId,
        candidateId: draft.candidateId,
        payload: checked.success ? checked.data : { ...draft.item, revision },
        state: reason ? 'rejected' : 'pending',
        reason,
      } as typeof syncItems.$inferInsert)
      .run();
  }

  private upload(file: MediaDraft): void {
    this.db.insert(syncUploads).values(file).onConflictDoNothing().run();
  }

  private interviewOf(evaluationId: number): ItemDraft | null {
    const row = this.db
      .select({ interviewId: evaluations.interviewId })
      .from(evaluations)
      .where(eq(evaluations.id, evaluationId))
      .get();
    return row ? this.serialiser().interview(row.interviewId) : null;
  }
}
